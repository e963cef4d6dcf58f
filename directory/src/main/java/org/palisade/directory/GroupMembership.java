package org.palisade.directory;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchResultEntry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.palisade.core.directory.DirectoryFlavor;

/**
 * Who is in which group, nested groups included, the way each flavor does it best.
 *
 * <ul>
 *   <li><b>ad</b>: the server resolves nesting with LDAP_MATCHING_RULE_IN_CHAIN
 *       ({@value #IN_CHAIN}): one paged search per mapped group,
 *       {@code (&(USER-FILTER)(memberOf:1.2.840.113556.1.4.1941:=GROUP))}, for the sync; for one
 *       person, {@code (member:1.2.840.113556.1.4.1941:=PERSON)} lists every group they are in.</li>
 *   <li><b>openldap</b>: groups by {@code member} / {@code uniqueMember} (groupOfNames,
 *       groupOfUniqueNames) and the people's {@code memberOf} (when the memberof overlay is on);
 *       nesting is followed by Palisade: for the sync from one paged search of all groups, for one
 *       person upwards, a search per level.</li>
 * </ul>
 *
 * Group DNs here are in normalised form ({@link Dns#normalize}).
 */
public final class GroupMembership {

    /** Active Directory's LDAP_MATCHING_RULE_IN_CHAIN: membership through any depth of nesting. */
    public static final String IN_CHAIN = "1.2.840.113556.1.4.1941";
    static final Filter GROUPS = Filter.createORFilter(Filter.createEqualityFilter("objectClass", "groupOfNames"),
            Filter.createEqualityFilter("objectClass", "groupOfUniqueNames"), Filter.createEqualityFilter("objectClass", "group"));
    private static final String[] MEMBERS = {"member", "uniqueMember"};
    private static final String[] NO_ATTRIBUTES = {"1.1"};
    private static final int MAX_DEPTH = 20;

    private final DirectoryFlavor flavor;
    private final DirectoryPeople people;
    private final com.unboundid.ldap.sdk.Filter userFilter;

    public GroupMembership(DirectoryFlavor flavor, DirectoryPeople people, Filter userFilter) {
        this.flavor = flavor;
        this.people = people;
        this.userFilter = userFilter;
    }

    /**
     * For the sync: the people (normalised DNs) in each of {@code groups}, directly or through nested groups.
     *
     * @param everyone the snapshot just read (its memberOf values count too, on OpenLDAP)
     */
    public Map<String, Set<String>> members(LDAPConnection c, Collection<String> groups, List<Person> everyone) {
        Map<String, Set<String>> members = new HashMap<>();
        if (groups.isEmpty()) {
            return members;
        }
        if (flavor == DirectoryFlavor.AD) {
            for (String g : groups) {
                Set<String> in = new HashSet<>();
                Filter f = Filter.createANDFilter(userFilter, Filter.createExtensibleMatchFilter("memberOf", IN_CHAIN, false, g));
                people.search(c, f, NO_ATTRIBUTES, e -> in.add(Dns.normalizeLenient(e.getDN())));
                members.put(g, in);
            }
            return members;
        }
        // OpenLDAP: group -> its members, from every group entry, then follow nesting downwards
        Map<String, Set<String>> graph = new HashMap<>();
        people.search(c, GROUPS, MEMBERS, e -> graph.put(Dns.normalizeLenient(e.getDN()), memberValues(e)));
        for (String g : groups) {
            Set<String> reachable = new HashSet<>();
            Deque<String> todo = new ArrayDeque<>(List.of(g));
            while (!todo.isEmpty()) {
                String next = todo.pop();
                if (reachable.add(next)) {
                    todo.addAll(graph.getOrDefault(next, Set.of()));
                }
            }
            Set<String> in = new HashSet<>();
            for (Person p : everyone) {
                if (reachable.contains(p.normalizedDn()) || p.memberOf().stream().anyMatch(reachable::contains)) {
                    in.add(p.normalizedDn());
                }
            }
            members.put(g, in);
        }
        return members;
    }

    /** For one person (a login): every group they are in, nested ones included, as normalised DNs. */
    public Set<String> groupsOf(LDAPConnection c, Person person) {
        Set<String> groups = new LinkedHashSet<>();
        if (flavor == DirectoryFlavor.AD) {
            Filter f = Filter.createExtensibleMatchFilter("member", IN_CHAIN, false, person.dn());
            people.search(c, f, NO_ATTRIBUTES, e -> groups.add(Dns.normalizeLenient(e.getDN())));
            groups.addAll(person.memberOf());
            return groups;
        }
        groups.addAll(person.memberOf());
        Set<String> asked = new HashSet<>();
        Set<String> frontier = new LinkedHashSet<>(groups);
        frontier.add(person.dn());
        for (int depth = 0; depth < MAX_DEPTH && !frontier.isEmpty(); depth++) {
            List<Filter> any = new ArrayList<>();
            for (String dn : frontier) {
                if (asked.add(dn.toLowerCase(java.util.Locale.ROOT))) {
                    for (String attr : MEMBERS) {
                        any.add(Filter.createEqualityFilter(attr, dn));
                    }
                }
            }
            if (any.isEmpty()) {
                break;
            }
            Set<String> found = new LinkedHashSet<>();
            people.search(c, Filter.createANDFilter(GROUPS, Filter.createORFilter(any)), NO_ATTRIBUTES,
                    e -> found.add(Dns.normalizeLenient(e.getDN())));
            found.removeAll(groups);
            groups.addAll(found);
            frontier = found;
        }
        return groups;
    }

    private static Set<String> memberValues(SearchResultEntry e) {
        Set<String> values = new HashSet<>();
        for (String attr : MEMBERS) {
            String[] vs = e.getAttributeValues(attr);
            if (vs != null) {
                for (String v : vs) {
                    // uniqueMember is nameAndOptionalUID: "DN#'0101'B"
                    int hash = attr.equals("uniqueMember") ? v.lastIndexOf("#'") : -1;
                    values.add(Dns.normalizeLenient(hash > 0 ? v.substring(0, hash) : v));
                }
            }
        }
        return values;
    }
}
