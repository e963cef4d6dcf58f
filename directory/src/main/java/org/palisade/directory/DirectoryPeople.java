package org.palisade.directory;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.palisade.core.directory.DirectoryFlavor;

/**
 * Finds people: all of them (the sync), or one by a login (logins with directory credentials).
 * Every search is paged with the simple paged results control (RFC 2696), {@value #PAGE_SIZE} a
 * page: Active Directory answers at most 1,000 entries per request (MaxPageSize), and a search
 * cut short by a size limit fails instead of passing on a partial list (which would look like
 * people leaving).
 */
public final class DirectoryPeople {

    public static final int PAGE_SIZE = 500;

    private final String baseDn;
    private final Filter userFilter;
    private final AttributeMap attributes;

    public DirectoryPeople(String baseDn, Filter userFilter, AttributeMap attributes) {
        this.baseDn = baseDn;
        this.userFilter = userFilter;
        this.attributes = attributes;
    }

    /** Every entry of the user filter under the base DN, and how many pages that took. */
    public record Snapshot(List<Person> people, int pages) {
    }

    /** @throws DirectoryException when a page fails: then there is no snapshot at all */
    public Snapshot readAll(LDAPConnection c) {
        List<Person> people = new ArrayList<>();
        int pages = search(c, userFilter, attributes.requested(), e -> people.add(toPerson(e)));
        return new Snapshot(people, pages);
    }

    /**
     * The one person whose login attribute (any of them: sAMAccountName or userPrincipalName on AD)
     * is {@code login}, within the user filter. Empty when there is none, or more than one (an
     * ambiguous login must not let anyone in).
     */
    public Optional<Person> findByLogin(LDAPConnection c, String login) {
        if (login == null || login.isBlank()) {
            return Optional.empty();
        }
        List<Filter> any = new ArrayList<>();
        for (String attr : attributes.attributes(AttributeMap.Field.LOGIN)) {
            any.add(Filter.createEqualityFilter(attr, login.trim()));
        }
        Filter filter = Filter.createANDFilter(userFilter, Filter.createORFilter(any));
        List<Person> found = new ArrayList<>();
        search(c, filter, attributes.requested(), e -> found.add(toPerson(e)));
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    /**
     * A paged subtree search under the base DN.
     *
     * @return the number of pages
     */
    int search(LDAPConnection c, Filter filter, String[] requested, Consumer<SearchResultEntry> each) {
        SearchRequest request = new SearchRequest(baseDn, SearchScope.SUB, filter, requested);
        ASN1OctetString cookie = null;
        int pages = 0;
        try {
            while (true) {
                request.setControls(new SimplePagedResultsControl(PAGE_SIZE, cookie, false));
                SearchResult result = c.search(request);
                pages++;
                result.getSearchEntries().forEach(each);
                SimplePagedResultsControl paged = SimplePagedResultsControl.get(result);
                if (paged == null || !paged.moreResultsToReturn()) {
                    return pages;
                }
                cookie = paged.getCookie();
            }
        } catch (LDAPSearchException e) {
            throw new DirectoryException("searching " + baseDn + " for " + filter + " failed on page " + (pages + 1) + ": "
                    + LdapConnector.describe(e), e);
        } catch (LDAPException e) {
            throw new DirectoryException("searching " + baseDn + " failed: " + LdapConnector.describe(e), e);
        }
    }

    Person toPerson(SearchResultEntry e) {
        List<String> logins = new ArrayList<>();
        for (String attr : attributes.attributes(AttributeMap.Field.LOGIN)) {
            String[] values = e.getAttributeValues(attr);
            if (values != null) {
                for (String v : values) {
                    if (!v.isBlank() && !logins.contains(v.trim())) {
                        logins.add(v.trim());
                    }
                }
            }
        }
        String rawNumber = first(e, AttributeMap.Field.NUMBER);
        String number = PhoneNumbers.normalize(rawNumber).orElse(null);
        String name = first(e, AttributeMap.Field.NAME);
        if (name == null) {
            name = !logins.isEmpty() ? logins.get(0) : rdnValue(e);
        }
        String department = first(e, AttributeMap.Field.DEPARTMENT);
        String mail = first(e, AttributeMap.Field.MAIL);
        String key = null;
        for (String attr : attributes.attributes(AttributeMap.Field.KEY)) {
            Attribute a = e.getAttribute(attr);
            if (a != null && a.hasValue()) {
                key = StableKeys.of(attr, a.getValueByteArray());
                break;
            }
        }
        boolean disabled = false;
        if (attributes.flavor() == DirectoryFlavor.AD) {
            String uac = e.getAttributeValue(AttributeMap.AD_USER_ACCOUNT_CONTROL);
            if (uac != null) {
                try {
                    disabled = (Long.parseLong(uac.trim()) & AttributeMap.AD_ACCOUNT_DISABLED) != 0;
                } catch (NumberFormatException ignored) {
                    // not a number: AD never writes that; leave the account enabled rather than guess
                }
            }
        }
        Set<String> memberOf = new LinkedHashSet<>();
        String[] groups = e.getAttributeValues(AttributeMap.MEMBER_OF);
        if (groups != null) {
            for (String g : groups) {
                memberOf.add(Dns.normalizeLenient(g));
            }
        }
        return new Person(e.getDN(), Dns.normalizeLenient(e.getDN()), key, logins, rawNumber, number, cut(name, 128),
                department == null ? null : cut(department, 128), mail, disabled, memberOf);
    }

    private String first(SearchResultEntry e, AttributeMap.Field field) {
        for (String attr : attributes.attributes(field)) {
            String v = e.getAttributeValue(attr);
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    private static String rdnValue(SearchResultEntry e) {
        try {
            String[] values = e.getParsedDN().getRDN().getAttributeValues();
            return values.length > 0 ? values[0] : e.getDN();
        } catch (LDAPException ex) {
            return e.getDN();
        }
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
