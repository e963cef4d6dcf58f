package org.palisade.web.extensions;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.palisade.core.location.Binding;
import org.palisade.core.storage.Transaction;
import org.palisade.core.trunk.Did;

/**
 * What goes with extensions in the API and is not in their rows: their bindings still alive at
 * {@code now} (a binding past its expiry counts no more, even before the registrar sweeps it
 * away) and the DID that rings each.
 */
final class LiveState {

    private LiveState() {
    }

    /** The bindings alive at {@code nowMillis}, as the store orders them (by extension). */
    static List<Binding> liveBindings(List<Binding> all, long nowMillis) {
        return all.stream().filter(b -> !b.expiredAt(nowMillis)).toList();
    }

    /** Live bindings per extension number. */
    static Map<String, Integer> countByExtension(List<Binding> all, long nowMillis) {
        Map<String, Integer> counts = new HashMap<>();
        for (Binding b : liveBindings(all, nowMillis)) {
            counts.merge(b.aor(), 1, Integer::sum);
        }
        return counts;
    }

    /** The DID of each extension that has one: the lowest number, should several ring it. */
    static Map<String, String> didByExtension(List<Did> dids) {
        Map<String, String> byExtension = new HashMap<>();
        for (Did d : dids) { // by number
            byExtension.putIfAbsent(d.extension(), d.number());
        }
        return byExtension;
    }

    /** The DID of one extension, or null. */
    static String didOf(Transaction tx, String number) {
        return didByExtension(tx.dids().list()).get(number);
    }
}
