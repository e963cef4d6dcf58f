package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.palisade.server.BrowserChecks.flash;
import static org.palisade.server.BrowserChecks.noConsoleErrors;
import static org.palisade.server.BrowserChecks.onlyFailedRequests;
import static org.palisade.server.BrowserChecks.show;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.palisade.core.account.Role;
import org.palisade.core.audit.AuditEntry;
import org.palisade.core.audit.AuditEvent;
import org.palisade.core.audit.AuditLog;
import org.palisade.core.audit.AuditType;
import org.palisade.core.extension.Extension;
import org.palisade.core.rights.RightsProfile;
import org.palisade.core.rights.ServiceRight;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.server.testing.Browser;
import org.palisade.server.testing.Sipp;
import org.palisade.server.testing.TestServer;
import org.palisade.server.testing.TestUserAgent;
import org.palisade.web.testing.WebClient;

/**
 * An admin at work in the real UI (headless Chromium against a real node, one of each for the
 * class): adds an extension through the form and sees the phone SIPp registers for it, edits a
 * rights profile and finds the change in the audit log page, uses the kill switch, and reads and
 * verifies the audit log. What the pages show is checked against the store and the API.
 */
class AdminWorkflowBrowserTest {

    private static final String ROOT_PASSWORD = "Root-Password-For-Workflow-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestDatabase db;
    private static TestServer server;
    private static Browser b;
    private static URI base;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.create(TestDb.H2);
        server = new TestServer(db, TestServer.md5First()); // SIPp answers MD5 challenges only
        server.addAdminUser("root", Role.ADMIN, ROOT_PASSWORD);
        base = server.startWeb(TestServer.webSettings());
        b = new Browser();
        BrowserChecks.openLogin(b, base.toString());
        b.login("root", ROOT_PASSWORD);
        b.settle();
        noConsoleErrors(b, "the start page");
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (b != null) {
                b.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
            if (db != null) {
                db.close();
            }
        }
    }

    @BeforeEach
    void signedIn() {
        assertThat(b.isShown("#app-view")).as("still signed in").isTrue();
    }

    @Test
    void anExtensionAddedInTheFormShowsAsRegisteredOnceSippRegistersIt(@TempDir Path dir) throws Exception {
        String number = "7101";
        String password = "Sip-Password-From-The-Form";
        show(b, "extensions");
        b.click("extension-add");
        assertThat(b.settle()).isEqualTo("extensions");
        assertThat(b.url()).endsWith("#/extensions/new");

        // A number with a letter: the server's 400 lands under the number field, and nothing is added.
        b.fill("extension-number", "71O1");
        b.fill("extension-name", "Dora Desk");
        b.fill("extension-department", "Front office");
        b.fill("extension-password", password);
        b.click("extension-save");
        WebElement numberError = b.waitFor("#extension-number-error");
        assertThat(numberError.getText()).contains("2 to 15 digits");
        assertThat(b.waitFor("[data-field=number]").getAttribute("class")).contains("invalid");
        assertThat(b.waitFor("#extension-number").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(b.texts("#extension-form [data-test=field-error]")).as("only the number is blamed").hasSize(1);
        assertThat(b.isShown("#extension-form-error")).isFalse();
        assertThat(b.url()).endsWith("#/extensions/new");
        assertThat(server.admin().extensions()).extracting(Extension::number).doesNotContain("71O1", number);
        b.screenshot("admin-extension-form-number-error");
        onlyFailedRequests(b, "the extension form refused", "400 /api/extensions");

        b.fill("extension-number", number);
        b.click("extension-save");
        assertThat(flash(b, "Extension " + number + " added")).isEqualTo("ok");
        WebElement row = b.waitFor("#extensions-table tr[data-key='" + number + "']");
        assertThat(b.url()).endsWith("#/extensions");
        assertThat(row.getText()).contains("Dora Desk", "Front office", "Enabled");
        assertThat(row.findElement(By.cssSelector("td[data-col=registrations] [data-count]")).getAttribute("data-count")).isEqualTo("0");
        Extension stored = server.admin().extensions().stream().filter(e -> e.number().equals(number)).findFirst().orElseThrow();
        assertThat(stored.name()).isEqualTo("Dora Desk");
        assertThat(stored.department()).isEqualTo("Front office");
        assertThat(server.audit(AuditType.CONFIG_CHANGED)).anySatisfy(e -> {
            assertThat(e.actor()).isEqualTo("web:root");
            assertThat(e.subject()).isEqualTo("extension:" + number);
        });

        // A phone registers with the number and the password typed into the form.
        Path users = Sipp.users(dir, "ui-extension.csv", List.of(number), n -> password, 1800);
        Sipp.Result registered = Sipp.run("register", users, 1, 1, server.port(), dir);
        assertThat(registered.exitCode()).as(registered.output() + registered.errors()).isZero();

        b.driver().navigate().refresh();
        b.waitFor("#app-view");
        assertThat(b.settle()).isEqualTo("extensions");
        WebElement count = b.waitFor("#extensions-table tr[data-key='" + number + "'] td[data-col=registrations] [data-count]");
        assertThat(count.getAttribute("data-count")).isEqualTo("1");
        assertThat(count.getText()).isEqualTo("1 device");
        assertThat(b.text("extensions-count")).contains("1 registered");
        b.screenshot("admin-extensions-registered");

        b.clickSelector("#extensions-table tr[data-key='" + number + "'] a[data-test=extension-link]");
        assertThat(b.settled("extension-region")).isEqualTo("ready");
        WebElement binding = b.waitFor("#bindings-table tbody tr");
        assertThat(binding.findElement(By.cssSelector("td[data-col=userAgent]")).getText()).isEqualTo("SIPp-Palisade");
        assertThat(binding.findElement(By.cssSelector("td[data-col=transport]")).getText()).isEqualToIgnoringCase("UDP");
        assertThat(binding.findElement(By.cssSelector("td[data-col=contact]")).getText()).startsWith("sip:" + number + "@127.0.0.1:");
        b.screenshot("admin-extension-registered-detail");
        noConsoleErrors(b, "the extension pages");
    }

    @Test
    void aProfileEditedInTheUiShowsTheChangeInTheListAndInTheAuditLog() throws Exception {
        server.admin().addProfile("test", "field-staff", EnumSet.of(ServiceRight.VOICE, ServiceRight.VIDEO, ServiceRight.CHAT));
        show(b, "profiles");
        String videoCell = "#profiles-table tr[data-key='field-staff'] [data-right=video]";
        assertThat(b.waitFor(videoCell).getAttribute("data-on")).isEqualTo("true");

        b.clickSelector("#profiles-table tr[data-key='field-staff'] a[data-test=profile-link]");
        assertThat(b.settled("profile-region")).isEqualTo("ready");
        assertThat(b.waitFor("#profile-rights-video").isSelected()).isTrue();
        b.check("profile-rights-video", false);
        b.click("profile-save");
        assertThat(flash(b, "Profile field-staff saved")).isEqualTo("ok");
        b.waitFor("#profiles-table");
        assertThat(b.url()).endsWith("#/profiles");
        assertThat(b.waitFor(videoCell + "[data-on=false]").getText()).isEqualTo("—");
        assertThat(b.waitFor("#profiles-table tr[data-key='field-staff'] [data-right=voice]").getAttribute("data-on")).isEqualTo("true");
        assertThat(b.waitFor("#profiles-table tr[data-key='field-staff'] [data-right=chat]").getAttribute("data-on")).isEqualTo("true");
        b.screenshot("admin-profiles-edited");
        RightsProfile stored = server.admin().profiles().stream().filter(p -> p.name().equals("field-staff")).findFirst().orElseThrow();
        assertThat(stored.rights()).containsExactlyInAnyOrder(ServiceRight.VOICE, ServiceRight.CHAT);

        // The audit log page, filtered as an admin would look for it.
        show(b, "audit");
        b.select("audit-type", "CONFIG_CHANGED");
        b.fill("audit-actor", "web:root");
        b.fill("audit-subject", "profile:field-staff");
        b.click("audit-apply");
        b.waitFor("#audit-table");
        assertThat(b.settled("audit-region")).isEqualTo("ready");
        List<WebElement> rows = b.driver().findElements(By.cssSelector("#audit-table tbody tr"));
        assertThat(rows).as("one change by root to the profile (its creation was by 'test')").hasSize(1);
        WebElement entry = rows.get(0);
        assertThat(cell(entry, "type")).isEqualTo("CONFIG_CHANGED");
        assertThat(cell(entry, "actor")).isEqualTo("web:root");
        assertThat(cell(entry, "subject")).isEqualTo("profile:field-staff");
        JsonNode details = JSON.readTree(entry.findElement(By.cssSelector("td[data-col=details] span")).getAttribute("title"));
        assertThat(details.path("action").asText()).isEqualTo("set");
        assertThat(details.path("before").path("rights").asText()).isEqualTo("voice,video,chat");
        assertThat(details.path("after").path("rights").asText()).isEqualTo("voice,chat");
        assertThat(b.url()).contains("type=CONFIG_CHANGED").contains("subject=profile%3Afield-staff");
        b.screenshot("admin-audit-profile-change");
        noConsoleErrors(b, "the profile and audit pages");
    }

    @Test
    void theKillSwitchAsksBeforeSwitchingAServiceOffAndSwitchesItOnAgain() throws Exception {
        show(b, "services");
        String state = "#services-table tr[data-key=video] [data-test=service-state]";
        assertThat(b.waitFor(state).getText()).isEqualTo("On");

        // Cancelling the dialog changes nothing.
        b.click("service-video-toggle");
        b.waitFor("#confirm-dialog[open]");
        assertThat(b.text("confirm-title")).isEqualTo("Switch off video for everybody?");
        b.screenshot("admin-services-confirm");
        b.click("confirm-cancel");
        b.waitGone("#confirm-dialog[open]");
        assertThat(b.waitFor(state).getText()).isEqualTo("On");
        assertThat(server.admin().disabledServices()).isEmpty();

        b.click("service-video-toggle");
        assertThat(b.confirm()).contains("Every extension loses video now");
        assertThat(flash(b, "Video switched off")).isEqualTo("ok");
        b.waitFor(state + ".badge-bad");
        assertThat(b.text("services-table")).contains("Switched off");
        assertThat(b.waitFor("#services-table tr[data-key=video]").getAttribute("class")).contains("row-off");
        assertThat(b.waitFor("#service-video-toggle").getText()).isEqualTo("Switch on");
        assertThat(b.waitFor("#services-table tr[data-key=voice] [data-test=service-state]").getText()).isEqualTo("On");
        b.screenshot("admin-services-video-off");

        // The store and the API agree with the page.
        assertThat(server.admin().disabledServices()).containsExactly(ServiceRight.VIDEO);
        WebClient api = new WebClient(base);
        api.login("root", ROOT_PASSWORD).expect(200);
        assertThat(enabled(api, "video")).isFalse();
        assertThat(enabled(api, "voice")).isTrue();
        assertThat(server.audit(AuditType.CONFIG_CHANGED)).anySatisfy(e -> {
            assertThat(e.actor()).isEqualTo("web:root");
            assertThat(e.subject()).isEqualTo("service:video");
        });

        b.click("service-video-toggle");
        b.waitFor("#confirm-dialog[open]");
        assertThat(b.text("confirm-title")).isEqualTo("Switch video back on?");
        b.confirm();
        assertThat(flash(b, "Video switched on")).isEqualTo("ok");
        b.waitFor(state + ".badge-ok");
        assertThat(b.waitFor("#service-video-toggle").getText()).isEqualTo("Switch off");
        assertThat(server.admin().disabledServices()).isEmpty();
        assertThat(enabled(api, "video")).isTrue();
        api.logout();
        noConsoleErrors(b, "the kill switch page");
    }

    @Test
    void theAuditLogPageFiltersByTypeAndVerifiesTheChain() {
        show(b, "audit");
        assertThat(b.settled("audit-region")).isEqualTo("ready");
        assertThat(b.driver().findElements(By.cssSelector("#audit-table tbody tr"))).isNotEmpty();
        b.screenshot("admin-audit-all");

        b.select("audit-type", "ADMIN_LOGON");
        b.fill("audit-actor", "");
        b.fill("audit-subject", "");
        b.click("audit-apply");
        b.waitFor("#audit-table");
        assertThat(b.settled("audit-region")).isEqualTo("ready");
        List<String> types = b.texts("#audit-table tbody td[data-col=type]");
        List<AuditEntry> logons = server.audit(AuditType.ADMIN_LOGON);
        assertThat(types).hasSize(logons.size()).containsOnly("ADMIN_LOGON");
        assertThat(b.texts("#audit-table tbody td[data-col=subject]")).contains("root");
        assertThat(b.url()).contains("type=ADMIN_LOGON");

        // A type with no entries: the empty state, not an empty table.
        b.select("audit-type", "TRUNK_DOWN");
        b.click("audit-apply");
        b.waitFor("#audit-empty");
        assertThat(b.isShown("#audit-table")).isFalse();

        b.click("audit-verify");
        WebElement result = b.waitFor("#audit-verify-result[data-state=ok]");
        int entries = server.audit(null).size();
        assertThat(result.getText()).contains("The audit chain is intact", "All " + entries + " entries verified");
        b.screenshot("admin-audit-verified");
        noConsoleErrors(b, "the audit log page");
    }

    @Test
    void theDashboardsBlockedAttemptsOpenInTheAuditLogWithEveryTypeTheCardLists() throws Exception {
        server.addExtension("7301", "Sip-Password-Of-7301");
        try (TestUserAgent intruder = new TestUserAgent("7301", "not-the-password", TestServer.DOMAIN, server.port())) {
            assertThatThrownBy(intruder::register).as("a wrong password").isInstanceOf(AssertionError.class);
        }
        new AuditLog(db.database(), Clock.systemUTC()).record(new AuditEvent(AuditType.POLICY_BLOCKED, "7301", "call:blocked", null,
                Map.of("reason", "no video right")));
        List<AuditEntry> blocked = EnumSet.of(AuditType.POLICY_BLOCKED, AuditType.RELAY_UNAVAILABLE, AuditType.LOGON_FAILED,
                AuditType.LOCKED_OUT).stream().flatMap(t -> server.audit(t).stream()).toList();

        show(b, "dashboard");
        assertThat(b.texts("#dashboard-blocked td[data-col=type]")).contains("LOGON_FAILED", "POLICY_BLOCKED");
        b.clickSelector("#dashboard-blocked-card a.card-link");
        b.waitFor("#page > section.page[data-page=audit]");
        b.waitFor("#audit-table");
        assertThat(b.settled("audit-region")).isEqualTo("ready");
        assertThat(b.texts("#audit-table tbody td[data-col=type]")).as("what the dashboard card lists, and only that")
                .hasSize(blocked.size()).contains("LOGON_FAILED", "POLICY_BLOCKED")
                .isSubsetOf("POLICY_BLOCKED", "RELAY_UNAVAILABLE", "LOGON_FAILED", "LOCKED_OUT");
        assertThat(b.script("return document.querySelector('#audit-type').selectedOptions[0].textContent"))
                .as("the filter applied is shown").isEqualTo("4 types: POLICY_BLOCKED, RELAY_UNAVAILABLE, LOGON_FAILED, LOCKED_OUT");
        b.screenshot("admin-audit-blocked-from-dashboard");
        noConsoleErrors(b, "the dashboard and the audit log page");
    }

    private static boolean enabled(WebClient api, String service) {
        JsonNode all = api.get("/api/services").expect(200).json();
        return StreamSupport.stream(all.spliterator(), false).filter(s -> s.get("service").asText().equals(service))
                .findFirst().orElseThrow(() -> new AssertionError("no service " + service + " in " + all)).get("enabled").asBoolean();
    }

    private static String cell(WebElement row, String column) {
        return row.findElement(By.cssSelector("td[data-col=" + column + "]")).getText();
    }
}
