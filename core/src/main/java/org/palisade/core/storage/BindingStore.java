package org.palisade.core.storage;

import java.util.List;
import org.palisade.core.location.Binding;

public interface BindingStore {

    /** The bindings of one address of record, locked until the transaction ends so that concurrent REGISTERs queue. */
    List<Binding> lockForAor(String aor);

    List<Binding> forAor(String aor);

    List<Binding> all();

    List<Binding> expiredAt(long nowMillis);

    Binding insert(Binding binding);

    void update(Binding binding);

    /** @return true if this call removed it (another node may have been first) */
    boolean delete(long id);

    /**
     * Removes a binding only if it is still expired: a phone may have refreshed it since it
     * was read as expired, and a refreshed binding must survive the sweep.
     *
     * @return true if this call removed it
     */
    boolean deleteIfExpired(long id, long nowMillis);

    int deleteForAor(String aor);
}
