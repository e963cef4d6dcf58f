package org.palisade.core.storage;

import java.util.List;
import java.util.Optional;
import org.palisade.core.account.AdminUser;

/** Local accounts of the web UI and API. Names are looked up in lower case (see AdminUser). */
public interface AdminUserStore {

    /** By name. */
    List<AdminUser> list();

    Optional<AdminUser> find(String name);

    /**
     * Like {@link #find}, holding the row until the transaction ends, so that what a change
     * records as "before" is what it really replaced.
     */
    Optional<AdminUser> findForUpdate(String name);

    /** @throws IllegalStateException when an account of that name exists */
    void insert(AdminUser user);

    /** Role, password hash and enabled; @throws java.util.NoSuchElementException when there is no such account */
    void update(AdminUser user);

    /** @return false if there was no such account */
    boolean delete(String name);
}
