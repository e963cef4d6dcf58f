package org.palisade.db;

import java.util.List;
import java.util.NoSuchElementException;
import org.palisade.core.location.Binding;
import org.palisade.core.storage.BindingStore;

final class SqlBindingStore implements BindingStore {

    private final BindingMapper mapper;

    SqlBindingStore(BindingMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Locks the extension row first: with no bindings yet there is no binding row to lock, and
     * two first REGISTERs of one extension must queue all the same.
     */
    @Override
    public List<Binding> lockForAor(String aor) {
        mapper.lockExtension(aor);
        return mapper.lockForAor(aor);
    }

    @Override
    public List<Binding> forAor(String aor) {
        return mapper.forAor(aor);
    }

    @Override
    public List<Binding> all() {
        return mapper.all();
    }

    @Override
    public List<Binding> expiredAt(long nowMillis) {
        return mapper.expiredAt(nowMillis);
    }

    @Override
    public Binding insert(Binding b) {
        BindingMapper.GeneratedId key = new BindingMapper.GeneratedId();
        Conflicts.translate("binding of " + b.aor() + " to " + b.contactUri(), () -> mapper.insert(b, key));
        return new Binding(key.getId(), b.aor(), b.contactUri(), b.q(), b.expiresAtMillis(), b.registeredAtMillis(),
                b.callId(), b.cseq(), b.sourceHost(), b.sourcePort(), b.transport(), b.userAgent());
    }

    @Override
    public void update(Binding binding) {
        if (binding.id() == null || mapper.update(binding) == 0) {
            throw new NoSuchElementException("binding " + binding.id() + " of " + binding.aor() + " does not exist");
        }
    }

    @Override
    public boolean delete(long id) {
        return mapper.delete(id) > 0;
    }

    @Override
    public boolean deleteIfExpired(long id, long nowMillis) {
        return mapper.deleteIfExpired(id, nowMillis) > 0;
    }

    @Override
    public int deleteForAor(String aor) {
        return mapper.deleteForAor(aor);
    }
}
