package org.palisade.directory;

import java.util.List;
import java.util.Set;

/**
 * One person as the directory shows them, read through the {@link AttributeMap}.
 *
 * @param dn           the entry's DN as the server wrote it
 * @param normalizedDn the DN in normalised form, for comparing with group members
 * @param key          the stable id (objectGUID as text, entryUUID, ...); null when the entry has none
 * @param logins       every login value, the first login attribute's first
 * @param rawNumber    the number as written in the directory; null when there is none
 * @param number       {@code rawNumber} as an extension number, null when there is none or it is not valid
 * @param name         never blank: the name attributes, else the login, else the DN's first value
 * @param department   null for none
 * @param disabled     the directory says the account is disabled (AD's userAccountControl bit 0x2)
 * @param memberOf     normalised DNs of the groups the entry's memberOf lists (direct membership)
 */
public record Person(String dn, String normalizedDn, String key, List<String> logins, String rawNumber, String number,
                     String name, String department, String mail, boolean disabled, Set<String> memberOf) {

    public Person {
        logins = List.copyOf(logins);
        memberOf = Set.copyOf(memberOf);
    }

    /** The first login value; null when the entry has none. */
    public String login() {
        return logins.isEmpty() ? null : logins.get(0);
    }

    /** How reports name the person: the login, else the DN. */
    public String label() {
        return login() != null ? login() : dn;
    }
}
