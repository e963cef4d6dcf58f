package org.palisade.directory.testing;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSimpleBindRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import com.unboundid.util.ssl.KeyStoreKeyManager;
import com.unboundid.util.ssl.SSLUtil;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.palisade.directory.GroupMembership;

/**
 * An Active Directory stand-in: UnboundID's in-memory server with AD's attributes
 * (sAMAccountName, userPrincipalName, sAMAccountType, userAccountControl, objectGUID as 16 binary
 * bytes, ipPhone, memberOf kept in step with the groups' member), AD's page limit (at most 1,000
 * entries per request: a search without paging fails on more), on 127.0.0.1 over plain LDAP,
 * LDAPS and StartTLS.
 *
 * <p>The in-memory server knows no AD matching rules, so an interceptor does what AD does for
 * LDAP_MATCHING_RULE_IN_CHAIN: {@code (memberOf:1.2.840.113556.1.4.1941:=G)} becomes the members of G
 * and of every group nested in it, {@code (member:1.2.840.113556.1.4.1941:=X)} every group X is in,
 * directly or through other groups. It also counts the searches that carried a paged results
 * cookie, so a test can see that paging really happened.
 */
public final class TestAd implements AutoCloseable {

    public static final String BASE = "DC=example,DC=com";
    public static final String PEOPLE = "OU=People," + BASE;
    public static final String GROUPS = "OU=Groups," + BASE;
    public static final String SERVICE_DN = "CN=svc-palisade,OU=Service," + BASE;
    public static final String SERVICE_PASSWORD = "Service-Account-Pa55";
    public static final int AD_PAGE_LIMIT = 1000;

    private final InMemoryDirectoryServer server;
    private final AtomicInteger pagedFollowUps = new AtomicInteger();
    private final AtomicInteger searches = new AtomicInteger();
    private final java.util.List<String> binds = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final TestCertificates certificates;

    private TestAd(InMemoryDirectoryServer server, TestCertificates certificates) {
        this.server = server;
        this.certificates = certificates;
    }

    /** @param certificates for the LDAPS and StartTLS listeners; null: plain LDAP only */
    public static TestAd start(TestCertificates certificates) throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
        config.setSchema(null); // AD's attributes are not in the standard schema
        config.setMaxSizeLimit(AD_PAGE_LIMIT);
        config.addAdditionalBindCredentials(SERVICE_DN, SERVICE_PASSWORD);
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        List<InMemoryListenerConfig> listeners = new ArrayList<>();
        if (certificates == null) {
            listeners.add(InMemoryListenerConfig.createLDAPConfig("ldap", loopback, 0, null));
        } else {
            SSLUtil serverSsl = new SSLUtil(new KeyStoreKeyManager(certificates.keyStore().toFile(), certificates.password().toCharArray(),
                    "PKCS12", null), null);
            listeners.add(InMemoryListenerConfig.createLDAPConfig("ldap", loopback, 0, serverSsl.createSSLSocketFactory()));
            listeners.add(InMemoryListenerConfig.createLDAPSConfig("ldaps", loopback, 0, serverSsl.createSSLServerSocketFactory(), null));
        }
        config.setListenerConfigs(listeners);
        TestAd[] self = new TestAd[1];
        config.addInMemoryOperationInterceptor(new InMemoryOperationInterceptor() {
            @Override
            public void processSearchRequest(InMemoryInterceptedSearchRequest request) throws LDAPException {
                self[0].intercept(request);
            }

            @Override
            public void processSimpleBindRequest(InMemoryInterceptedSimpleBindRequest request) {
                self[0].binds.add(request.getRequest().getBindDN());
            }
        });
        InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
        self[0] = new TestAd(server, certificates);
        server.add(new Entry(BASE, new Attribute("objectClass", "top", "domain"), new Attribute("dc", "example")));
        for (String ou : new String[] {"People", "Groups", "Service"}) {
            server.add(new Entry("OU=" + ou + "," + BASE, new Attribute("objectClass", "top", "organizationalUnit"), new Attribute("ou", ou)));
        }
        server.startListening();
        return self[0];
    }

    public String url() {
        return "ldap://127.0.0.1:" + server.getListenPort("ldap");
    }

    public String ldapsUrl() {
        return "ldaps://127.0.0.1:" + server.getListenPort("ldaps");
    }

    public TestCertificates certificates() {
        return certificates;
    }

    public InMemoryDirectoryServer server() {
        return server;
    }

    /** Searches that asked for a further page (carried a non-empty cookie) since the last {@link #resetCounts()}. */
    public int pagedFollowUps() {
        return pagedFollowUps.get();
    }

    public int searches() {
        return searches.get();
    }

    /** The DNs of the simple binds asked for (service account included) since the last {@link #resetCounts()}. */
    public java.util.List<String> binds() {
        return java.util.List.copyOf(binds);
    }

    public void resetCounts() {
        pagedFollowUps.set(0);
        searches.set(0);
        binds.clear();
    }

    public static String personDn(String login) {
        return "CN=" + login + "," + PEOPLE;
    }

    public static String groupDn(String name) {
        return "CN=" + name + "," + GROUPS;
    }

    /** A person as AD shows one; null ipPhone / telephoneNumber / department leave the attribute out. */
    public Person person(String login, String displayName) {
        return new Person(login, displayName);
    }

    /** A person being written. */
    public final class Person {
        private final String login;
        private final String displayName;
        private String ipPhone;
        private String telephoneNumber;
        private String department;
        private boolean disabled;
        private byte[] guid = guidBytes(UUID.randomUUID());

        private Person(String login, String displayName) {
            this.login = login;
            this.displayName = displayName;
        }

        public Person ipPhone(String v) {
            ipPhone = v;
            return this;
        }

        public Person telephoneNumber(String v) {
            telephoneNumber = v;
            return this;
        }

        public Person department(String v) {
            department = v;
            return this;
        }

        public Person disabled(boolean v) {
            disabled = v;
            return this;
        }

        public Person guid(byte[] v) {
            guid = v.clone();
            return this;
        }

        public byte[] guid() {
            return guid.clone();
        }

        public Entry entry() {
            Entry e = new Entry(personDn(login));
            e.addAttribute("objectClass", "top", "person", "organizationalPerson", "user");
            e.addAttribute("cn", login);
            e.addAttribute("distinguishedName", personDn(login));
            e.addAttribute("sAMAccountName", login);
            e.addAttribute("userPrincipalName", login + "@example.com");
            e.addAttribute("sAMAccountType", "805306368");
            e.addAttribute("userAccountControl", disabled ? "514" : "512"); // NORMAL_ACCOUNT, plus ACCOUNTDISABLE (0x2)
            e.addAttribute(new Attribute("objectGUID", guid));
            e.addAttribute("mail", login + "@example.com");
            if (displayName != null) {
                e.addAttribute("displayName", displayName);
            }
            if (ipPhone != null) {
                e.addAttribute("ipPhone", ipPhone);
            }
            if (telephoneNumber != null) {
                e.addAttribute("telephoneNumber", telephoneNumber);
            }
            if (department != null) {
                e.addAttribute("department", department);
            }
            return e;
        }

        public Person add() throws LDAPException {
            server.add(entry());
            return this;
        }
    }

    public static byte[] guidBytes(UUID uuid) {
        return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array();
    }

    /** Adds many entries at once (faster than one by one). */
    public void addAll(List<Entry> entries) throws LDAPException {
        for (Entry e : entries) {
            server.add(e);
        }
    }

    public void addGroup(String name) throws LDAPException {
        Entry e = new Entry(groupDn(name));
        e.addAttribute("objectClass", "top", "group");
        e.addAttribute("cn", name);
        e.addAttribute("distinguishedName", groupDn(name));
        e.addAttribute("sAMAccountName", name);
        e.addAttribute(new Attribute("objectGUID", guidBytes(UUID.randomUUID())));
        server.add(e);
    }

    /** Puts a person or a group ({@code memberDn}) into a group, with memberOf kept as AD keeps it. */
    public void addMember(String groupName, String memberDn) throws LDAPException {
        server.modify(groupDn(groupName), new Modification(ModificationType.ADD, "member", memberDn));
        server.modify(memberDn, new Modification(ModificationType.ADD, "memberOf", groupDn(groupName)));
    }

    public void removeMember(String groupName, String memberDn) throws LDAPException {
        server.modify(groupDn(groupName), new Modification(ModificationType.DELETE, "member", memberDn));
        server.modify(memberDn, new Modification(ModificationType.DELETE, "memberOf", groupDn(groupName)));
    }

    public void replace(String dn, String attribute, String... values) throws LDAPException {
        server.modify(dn, new Modification(ModificationType.REPLACE, attribute, values));
    }

    public void delete(String dn) throws LDAPException {
        server.delete(dn);
    }

    private void intercept(InMemoryInterceptedSearchRequest request) throws LDAPException {
        searches.incrementAndGet();
        var control = request.getRequest().getControl(SimplePagedResultsControl.PAGED_RESULTS_OID);
        if (control != null) {
            SimplePagedResultsControl paged = new SimplePagedResultsControl(control.getOID(), control.isCritical(), control.getValue());
            if (paged.getCookie() != null && paged.getCookie().getValueLength() > 0) {
                pagedFollowUps.incrementAndGet();
            }
        }
        Filter rewritten = inChain(request.getRequest().getFilter());
        if (rewritten != request.getRequest().getFilter()) {
            SearchRequest r = request.getRequest().duplicate();
            r.setFilter(rewritten);
            request.setRequest(r);
        }
    }

    private Filter inChain(Filter f) throws LDAPException {
        switch (f.getFilterType()) {
            case Filter.FILTER_TYPE_AND, Filter.FILTER_TYPE_OR -> {
                Filter[] parts = f.getComponents();
                Filter[] out = new Filter[parts.length];
                boolean changed = false;
                for (int i = 0; i < parts.length; i++) {
                    out[i] = inChain(parts[i]);
                    changed |= out[i] != parts[i];
                }
                return !changed ? f : f.getFilterType() == Filter.FILTER_TYPE_AND ? Filter.createANDFilter(out) : Filter.createORFilter(out);
            }
            case Filter.FILTER_TYPE_NOT -> {
                Filter inner = inChain(f.getNOTComponent());
                return inner == f.getNOTComponent() ? f : Filter.createNOTFilter(inner);
            }
            case Filter.FILTER_TYPE_EXTENSIBLE_MATCH -> {
                if (!GroupMembership.IN_CHAIN.equals(f.getMatchingRuleID())) {
                    return f;
                }
                List<Filter> any = new ArrayList<>();
                if ("memberOf".equalsIgnoreCase(f.getAttributeName())) {
                    for (String g : nestedIn(f.getAssertionValue())) {
                        any.add(Filter.createEqualityFilter("memberOf", g));
                    }
                } else if ("member".equalsIgnoreCase(f.getAttributeName())) {
                    for (String g : groupsContaining(f.getAssertionValue())) {
                        any.add(Filter.createEqualityFilter("distinguishedName", g));
                    }
                } else {
                    return f;
                }
                return any.isEmpty() ? Filter.createNOTFilter(Filter.createPresenceFilter("objectClass")) : Filter.createORFilter(any);
            }
            default -> {
                return f;
            }
        }
    }

    /** {@code group} and every group nested in it, as the entries spell their DNs. */
    private Set<String> nestedIn(String group) throws LDAPException {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(group));
        while (!todo.isEmpty()) {
            String dn = todo.pop();
            Entry e = server.getEntry(dn);
            if (e == null || !e.hasObjectClass("group") || !seen.add(e.getDN())) {
                continue;
            }
            String[] members = e.getAttributeValues("member");
            if (members != null) {
                todo.addAll(List.of(members));
            }
        }
        return seen;
    }

    /** Every group {@code memberDn} is in, directly or through nested groups. */
    private Set<String> groupsContaining(String memberDn) throws LDAPException {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(new DN(memberDn).toString()));
        while (!todo.isEmpty()) {
            String dn = todo.pop();
            for (SearchResultEntry g : server.search(BASE, SearchScope.SUB, Filter.createANDFilter(
                    Filter.createEqualityFilter("objectClass", "group"), Filter.createEqualityFilter("member", dn))).getSearchEntries()) {
                if (seen.add(g.getDN())) {
                    todo.push(g.getDN());
                }
            }
        }
        return seen;
    }

    @Override
    public void close() {
        server.shutDown(true);
    }
}
