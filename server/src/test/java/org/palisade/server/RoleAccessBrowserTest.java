package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.palisade.server.BrowserChecks.apiRequests;
import static org.palisade.server.BrowserChecks.forgetRequests;
import static org.palisade.server.BrowserChecks.noConsoleErrors;
import static org.palisade.server.BrowserChecks.show;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.palisade.core.account.Role;
import org.palisade.core.call.Direction;
import org.palisade.core.call.Disposition;
import org.palisade.core.call.Party;
import org.palisade.core.cdr.CallRecord;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.server.testing.Browser;
import org.palisade.server.testing.TestServer;
import org.palisade.server.testing.TestUserAgent;
import org.palisade.web.testing.WebClient;

/**
 * What each role sees in the real UI (headless Chromium against a real node with some of
 * everything configured): exactly its navigation, every page it may open loading without an
 * error state or a console error (and a screenshot of each, target/screenshots/ROLE-PAGE.png),
 * no add/edit/delete control for the auditor, and the forbidden state, without a request for the
 * data, when a link leads somewhere the role may not go.
 */
class RoleAccessBrowserTest {

    private static final String ROOT_PASSWORD = "Root-Password-For-Roles-1";
    private static final String AUDITOR_PASSWORD = "Auditor-Password-For-Roles-2";
    private static final String FINANCE_PASSWORD = "Finance-Password-For-Roles-3";
    private static final String SIP_PASSWORD = "sip-password-for-roles";

    private static final List<String> ADMIN_NAV = List.of("Dashboard", "Live calls", "Extensions", "Rights profiles", "Trunks",
            "Dial plan", "DIDs", "Relay nodes", "Kill switch", "Call records", "Audit log", "Chat archive", "Admin users");
    private static final List<String> AUDITOR_NAV = List.of("Dashboard", "Live calls", "Extensions", "Rights profiles", "Trunks",
            "Dial plan", "DIDs", "Relay nodes", "Call records", "Audit log", "Chat archive");
    private static final List<String> FINANCE_NAV = List.of("Call records");

    /** Every page of each role, by route; detail pages of the data seeded below included. */
    private static final List<String> ADMIN_PAGES = List.of("dashboard", "calls", "extensions", "extensions/new", "extensions/import",
            "extensions/1001", "profiles", "profiles/new", "profiles/staff", "trunks", "trunks/new", "trunks/pbx1", "routes",
            "routes/new", "dids", "relay-nodes", "services", "cdr", "cdr?tab=summary", "audit", "chat", "chat?q=quarterly",
            "admin-users", "admin-users/new", "admin-users/audrey");
    private static final List<String> AUDITOR_PAGES = List.of("dashboard", "calls", "extensions", "extensions/1001", "profiles",
            "profiles/staff", "trunks", "trunks/pbx1", "routes", "dids", "relay-nodes", "cdr", "cdr?tab=summary", "audit", "chat",
            "chat?q=quarterly");
    private static final List<String> FINANCE_PAGES = List.of("cdr", "cdr?tab=summary");

    /** Routes each role may not open, with the API path the page would load its data from. */
    private static final Map<String, String> AUDITOR_FORBIDDEN = Map.of("admin-users", "/api/admin-users", "services", "/api/services");
    private static final Map<String, String> FINANCE_FORBIDDEN = Map.of("extensions", "/api/extensions", "dashboard", "/api/dashboard",
            "profiles", "/api/profiles", "audit", "/api/audit", "chat", "/api/chat", "admin-users", "/api/admin-users",
            "services", "/api/services", "calls", "/api/calls", "extensions/1001", "/api/extensions");

    /** Words on a button or button-like link that would change something. */
    private static final Pattern CHANGING = Pattern.compile(
            "(?i)\\b(add|new|edit|delete|remove|save|import|switch|end|disable|enable|generate|apply changes)\\b");
    /** Controls of the page and its header, buttons and links styled as buttons. */
    private static final String CONTROLS = "#page button, #page a.btn, #page-actions button, #page-actions a.btn";
    /** Ids and attributes of the controls that change things (README of the web folder). */
    private static final String CHANGE_CONTROLS = "[id$='-add'], [id$='-save'], [id$='-delete'], [id$='-toggle'], #extensions-import, "
            + "#extensions-export, #import-apply, button[data-action=delete], button[data-action=end], button[data-action=enable], "
            + "button[data-action=disable]";

    private static TestDatabase db;
    private static TestServer server;
    private static TestUserAgent alice;
    private static TestUserAgent bob;
    /** A call that stays up while the pages are visited: the live calls page has a row. */
    private static TestUserAgent.Call live;
    private static Browser b;
    private static URI base;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.create(TestDb.H2);
        server = new TestServer(db, TestServer.settings());
        server.addAdminUser("root", Role.ADMIN, ROOT_PASSWORD);
        server.addAdminUser("audrey", Role.AUDITOR, AUDITOR_PASSWORD);
        server.addAdminUser("fin", Role.FINANCE, FINANCE_PASSWORD);
        base = server.startWeb(TestServer.webSettings());
        seed();
        b = new Browser();
        BrowserChecks.openLogin(b, base.toString());
    }

    /** Some of everything, made through the API as an admin would, plus a registered phone, a chat message and call records. */
    private static void seed() throws Exception {
        WebClient root = new WebClient(base);
        root.login("root", ROOT_PASSWORD).expect(200);
        root.post("/api/profiles", Map.of("name", "staff", "rights", List.of("voice", "chat", "external-out"))).expect(201);
        root.post("/api/extensions", Map.of("number", "1001", "name", "Alice Example", "department", "Sales", "profile", "staff",
                "password", SIP_PASSWORD)).expect(201);
        root.post("/api/extensions", Map.of("number", "1002", "name", "Bob Example", "department", "Support", "password",
                SIP_PASSWORD)).expect(201);
        root.post("/api/trunks", Map.of("name", "pbx1", "peer", "pbx.example.com:5060")).expect(201);
        root.post("/api/routes", Map.of("name", "Germany", "kind", "prefix", "pattern", "+49", "trunks", List.of("pbx1"))).expect(201);
        root.post("/api/dids", Map.of("number", "+4930123456", "extension", "1001")).expect(201);
        root.post("/api/relay-nodes", Map.of("name", "relay-a", "ng", "127.0.0.1:2223")).expect(201);
        root.logout();

        alice = new TestUserAgent("1001", SIP_PASSWORD, TestServer.DOMAIN, server.port());
        alice.register();
        assertThat(alice.message("1002", "The quarterly numbers are in").getStatusCode()).isEqualTo(202); // stored: 1002 is offline
        bob = new TestUserAgent("1002", SIP_PASSWORD, TestServer.DOMAIN, server.port());
        bob.register();
        live = alice.call("1002");
        assertThat(live.awaitFinal().getStatusCode()).isEqualTo(200);
        live.ack();

        long now = System.currentTimeMillis();
        List<CallRecord> calls = new ArrayList<>();
        calls.add(new CallRecord("seed-1@test", "1001", "1002", Direction.INTERNAL, null, now - 600_000, now - 596_000,
                now - 500_000, 100, 96, Disposition.ANSWERED, 200, Party.CALLER, "BYE", "audio", "audio", 10L, 1720L, 9L, 1548L));
        calls.add(new CallRecord("seed-2@test", "1001", "+4930555000", Direction.OUTBOUND, "pbx1", now - 400_000, null,
                now - 380_000, 20, 0, Disposition.NO_ANSWER, 480, Party.SYSTEM, "NO ANSWER", "audio", "audio", null, null, null, null));
        db.database().inTransaction(tx -> tx.cdrs().insertIgnoringDuplicates(calls));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (b != null) {
                b.close();
            }
        } finally {
            if (live != null) {
                try {
                    live.bye();
                } catch (Exception e) {
                    // the phones are closed next either way
                }
            }
            for (TestUserAgent phone : new TestUserAgent[] {alice, bob}) {
                if (phone != null) {
                    phone.close();
                }
            }
            if (server != null) {
                server.close();
            }
            if (db != null) {
                db.close();
            }
        }
    }

    @AfterEach
    void signOut() {
        if (b.isShown("#logout")) {
            b.logout();
        }
    }

    @Test
    void anAdminSeesEveryPageWithItsControls() {
        b.login("root", ROOT_PASSWORD);
        assertThat(b.waitFor("#whoami-role").getAttribute("data-role")).isEqualTo("admin");
        assertThat(b.texts("#nav .nav-link")).containsExactlyElementsOf(ADMIN_NAV);
        noConsoleErrors(b, "the admin's start page");

        visitAll("admin", ADMIN_PAGES);

        // The dashboard: what is known, and no alarm for what is not known yet (the relay node was never
        // checked: this node anchors no media; the trunk has no OPTIONS checks here).
        show(b, "dashboard");
        assertThat(b.waitFor("#stat-registrations [data-test=stat-value]").getText()).isEqualTo("2");
        assertThat(b.waitFor("#stat-calls [data-test=stat-value]").getText()).isEqualTo("1");
        assertThat(b.waitFor("#stat-relays").getAttribute("class")).doesNotContain("tile-bad");
        assertThat(b.text("stat-relays")).contains("0 / 1", "Health not known yet");
        assertThat(b.waitFor("#dashboard-relays tr[data-key='relay-a']").getText()).contains("Unknown").doesNotContain("Not answering");
        assertThat(b.text("stat-trunks")).contains("0 / 1", "Health not known yet").doesNotContain("All enabled trunks answer");

        // The controls the auditor must not have are there for an admin (so their absence below means something).
        show(b, "calls");
        assertThat(b.waitFor("#calls-table tbody tr").getText()).contains("1001", "1002");
        assertThat(b.isShown("#calls-table button[data-action=end]")).isTrue();
        show(b, "extensions");
        assertThat(b.isShown("#extension-add")).isTrue();
        assertThat(b.isShown("#extensions-import")).isTrue();
        show(b, "extensions/1001");
        assertThat(b.isShown("#extension-save")).isTrue();
        assertThat(b.isShown("#extension-delete")).isTrue();
        assertThat(b.waitFor("#extension-name").isEnabled()).isTrue();
        show(b, "profiles/staff");
        assertThat(b.waitFor("#profile-rights-video").isEnabled()).isTrue();
        show(b, "services");
        assertThat(b.isShown("#service-video-toggle")).isTrue();
        // A trunk without a call limit (the API's maxCalls 0): the form's field is empty, as its help says.
        show(b, "trunks/pbx1");
        assertThat(b.waitFor("#trunk-maxCalls").getDomProperty("value")).isEmpty();
        assertThat(b.waitFor("#trunk-maxCalls").isEnabled()).isTrue();
        // The viewport the screenshots show is the 1280x800 the UI is made for.
        assertThat(b.script("return window.innerWidth + 'x' + window.innerHeight")).isEqualTo("1280x800");
        noConsoleErrors(b, "the admin's pages");
    }

    @Test
    void anAuditorReadsEverythingButChangesNothingAndIsKeptFromAdminPages() {
        b.login("audrey", AUDITOR_PASSWORD);
        assertThat(b.waitFor("#whoami-role").getAttribute("data-role")).isEqualTo("auditor");
        assertThat(b.settle()).isEqualTo("dashboard");
        assertThat(b.texts("#nav .nav-link")).containsExactlyElementsOf(AUDITOR_NAV);
        noConsoleErrors(b, "the auditor's start page");

        for (String page : AUDITOR_PAGES) {
            visit("auditor", page);
            assertThat(b.isShown(CHANGE_CONTROLS)).as("a control that changes something on " + page).isFalse();
            assertThat(b.texts(CONTROLS)).as("buttons on " + page).noneMatch(t -> CHANGING.matcher(t).find());
            // Detail pages are forms: read only, every input disabled.
            if (page.contains("/")) {
                List<WebElement> editable = b.driver().findElements(By.cssSelector(
                        "#page form input:not([disabled]), #page form select:not([disabled]), #page form textarea:not([disabled])"));
                assertThat(editable).as("editable inputs on " + page).isEmpty();
            }
        }
        // Data is there to read (the seeded extension, the call in progress, the chat message found by the search).
        show(b, "calls");
        assertThat(b.waitFor("#calls-table tbody tr").getText()).contains("1001", "1002");
        show(b, "extensions");
        assertThat(b.waitFor("#extensions-table tr[data-key='1001']").getText()).contains("Alice Example", "Sales", "staff");
        show(b, "chat?q=quarterly");
        assertThat(b.waitFor("#chat-table").getText()).contains("The quarterly numbers are in");

        // Adding through a typed-in address: refused on the page itself.
        show(b, "extensions/new");
        assertThat(b.waitFor("#page [data-test=error]").getText()).contains("Only administrators add extensions");
        assertThat(b.isShown("#extension-form")).isFalse();
        b.screenshot("auditor-extensions-new-refused");

        for (Map.Entry<String, String> page : AUDITOR_FORBIDDEN.entrySet()) {
            forbidden("auditor", page.getKey(), page.getValue(), false);
        }
        noConsoleErrors(b, "the auditor's pages");
    }

    @Test
    void financeSeesCallRecordsAndTheirSummaryOnly() {
        b.login("fin", FINANCE_PASSWORD);
        assertThat(b.waitFor("#whoami-role").getAttribute("data-role")).isEqualTo("finance");
        assertThat(b.settle()).isEqualTo("cdr");
        assertThat(b.texts("#nav .nav-link")).containsExactlyElementsOf(FINANCE_NAV);
        noConsoleErrors(b, "finance's start page");

        visitAll("finance", FINANCE_PAGES);
        show(b, "cdr");
        // Yesterday to today: the seeded calls of a few minutes ago, even on the first of a month.
        BrowserChecks.setDate(b, "cdr-from", -1);
        BrowserChecks.setDate(b, "cdr-to", 0);
        b.click("cdr-apply");
        assertThat(b.settled("cdr-region")).isEqualTo("ready");
        assertThat(b.waitFor("#cdr-table tr[data-key='seed-1@test']").getText()).contains("1001", "1002", "ANSWERED");
        assertThat(b.isShown("#cdr-download")).isTrue();
        b.click("cdr-tab-summary");
        assertThat(b.settled("cdr-summary-region")).isEqualTo("ready");
        assertThat(b.waitFor("#cdr-summary-table").getText()).contains("1001");

        // Every other page, typed in or followed from a link: the forbidden state, and the data was never asked for.
        for (Map.Entry<String, String> page : FINANCE_FORBIDDEN.entrySet()) {
            forbidden("finance", page.getKey(), page.getValue(), false);
        }
        // A bookmark opened in a fresh page load behaves the same.
        forbidden("finance", "extensions", "/api/extensions", true);
        assertThat(b.isShown("#nav-extensions")).isFalse();
        noConsoleErrors(b, "finance's pages");
    }

    private static void visitAll(String role, List<String> pages) {
        for (String page : pages) {
            visit(role, page);
        }
    }

    /** Opens the page, checks it loaded without an error state or a console error, and saves its screenshot. */
    private static void visit(String role, String page) {
        String shown = show(b, page);
        assertThat(shown).as(role + " opening " + page).isEqualTo(page.split("[/?]")[0]);
        assertThat(b.isShown("#forbidden")).as(page).isFalse();
        assertThat(b.texts("#page [data-test=error]")).as("error states on " + page).isEmpty();
        assertThat(b.texts("#page [data-test=region][data-state=error]")).as("regions that failed on " + page).isEmpty();
        b.screenshot(role + "-" + page.replaceAll("[/?=]", "-").replace("tab-summary", "summary").replace("q-", ""));
        noConsoleErrors(b, role + " on " + page);
    }

    /**
     * Opens a page the role may not use: the page says so, shows no table and none of the seeded
     * names, and the browser made no request to {@code api} for its data.
     *
     * @param reload open it as a new page load (a bookmark) rather than from within the app
     */
    private static void forbidden(String role, String route, String api, boolean reload) {
        forgetRequests(b);
        if (reload) {
            b.open(base + "#/" + route);
            b.waitFor("#app-view");
            b.waitFor("#page > section.page[data-page]");
            assertThat(b.settle()).isEqualTo("forbidden");
        } else {
            assertThat(show(b, route)).as(role + " opening " + route).isEqualTo("forbidden");
        }
        assertThat(b.waitFor("#forbidden").getText()).contains("Not available for your role");
        assertThat(b.isShown("#page [data-test=table]")).as("a table on the forbidden " + route).isFalse();
        assertThat(b.text("page")).doesNotContain("Alice Example", "1001", "pbx1", "quarterly");
        assertThat(apiRequests(b)).as("requests for the data of " + route).noneMatch(p -> p.startsWith(api));
        b.screenshot(role + "-" + route.replace('/', '-') + "-forbidden");
        noConsoleErrors(b, role + " on the forbidden " + route);
    }
}
