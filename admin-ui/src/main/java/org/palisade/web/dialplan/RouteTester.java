package org.palisade.web.dialplan;

import java.util.List;

/**
 * How a dialled number would leave, without a call: what {@code palisade route test} prints. The
 * number plan and the dial plan's matching live in pbx-bridge, so the server module implements it.
 */
@FunctionalInterface
public interface RouteTester {

    /**
     * @param dialled    as typed
     * @param kind       how the number plan classified it: public, emergency, short, service or local
     * @param e164       what routes are matched against: E.164 for a public number, else the cleaned digits
     * @param route      the matching route, null when none matches
     * @param number     what the trunk would be sent, null when no route matches
     * @param trunks     the route's enabled trunks in the order tried (empty when none is)
     */
    record Result(String dialled, String kind, String e164, String route, String number, List<String> trunks) {

        public Result {
            trunks = trunks == null ? List.of() : List.copyOf(trunks);
        }
    }

    /**
     * Against the routes and trunks as stored now.
     *
     * @throws IllegalArgumentException starting with {@code number:} when it cannot be dialled at all
     */
    Result test(String dialled);
}
