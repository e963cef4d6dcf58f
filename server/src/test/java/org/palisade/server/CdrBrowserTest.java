package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.palisade.server.BrowserChecks.fetchAsBrowser;
import static org.palisade.server.BrowserChecks.noConsoleErrors;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Request;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.palisade.core.account.AccountAdministration;
import org.palisade.core.account.PasswordHasher;
import org.palisade.core.account.Role;
import org.palisade.core.admin.Administration;
import org.palisade.core.audit.AuditEntry;
import org.palisade.core.audit.AuditQuery;
import org.palisade.core.audit.AuditType;
import org.palisade.core.call.Direction;
import org.palisade.core.call.Disposition;
import org.palisade.core.call.Party;
import org.palisade.core.cdr.CallRecord;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.server.testing.Browser;
import org.palisade.server.testing.TestPhone;
import org.palisade.server.testing.TestServer;
import org.palisade.server.testing.TestUserAgent;
import org.palisade.web.WebServer;

/**
 * The call records page in real headless Chromium, as finance uses it, on records of real calls
 * (made through a node that records them, as {@code serve} does) and a few inserted trunk calls:
 * filtering by extension and direction shows the matching rows only, the summary tab sums them
 * up, and the CSV behind the download link, fetched with the browser's session cookie, holds
 * exactly the rows of the table.
 */
class CdrBrowserTest {

    private static final String PW = "a long enough password";
    private static final String FINANCE_PASSWORD = "Finance-Password-For-Cdr-1";

    @Test
    void financeFiltersCallRecordsSumsThemUpAndDownloadsTheSameRows(@TempDir Path dir) throws Exception {
        int port = TestPhone.freeUdpPort();
        PalisadeConfig config = TestServer.serveConfig(dir, port, "cdr.flush-millis", "50");
        Clock clock = Clock.systemUTC();
        try (TestDatabase db = TestDatabase.create(TestDb.H2);
             TestUserAgent alice = new TestUserAgent("7001", PW, TestServer.DOMAIN, port);
             TestUserAgent bob = new TestUserAgent("7002", PW, TestServer.DOMAIN, port);
             TestUserAgent carol = new TestUserAgent("7003", PW, TestServer.DOMAIN, port)) {
            Administration admin = new Administration(db.database(), TestServer.DOMAIN, clock);
            for (String n : List.of("7001", "7002", "7003")) {
                admin.addExtension("test", n, "User " + n, "Sales", null, PW.toCharArray());
            }
            new AccountAdministration(db.database(), new PasswordHasher(1_000), clock)
                    .add("test", "fin", Role.FINANCE, FINANCE_PASSWORD.toCharArray());

            PalisadeNode node = PalisadeNode.recordingCalls(db.database(), config.sip(), config.registrar(), config.proxy(),
                    config.cdrSpool(), clock);
            WebServer web = null;
            try (Browser b = new Browser()) {
                node.start();
                web = AdminWeb.create(TestServer.webSettings(), node, clock);
                web.start();
                URI base = web.baseUri();

                // Real calls: 7001 -> 7002 answered, 7002 -> 7001 busy, 7003 -> 7002 answered.
                alice.register();
                bob.register();
                carol.register();
                String answered = answeredCall(alice, bob, "7002");
                alice.answerWith(TestUserAgent.Answer.BUSY);
                TestUserAgent.Call busy = bob.call("7001");
                assertThat(busy.awaitFinal().getStatusCode()).isEqualTo(486);
                String busyId = callId(busy);
                String other = answeredCall(carol, bob, "7002");
                // Trunk calls of 7001, as the bridge would have recorded them.
                long now = System.currentTimeMillis();
                List<CallRecord> trunkCalls = List.of(
                        new CallRecord("out-1@test", "7001", "+4930555000", Direction.OUTBOUND, "pbx1", now - 1_200_000,
                                now - 1_195_000, now - 1_100_000, 100, 95, Disposition.ANSWERED, 200, Party.CALLEE, "BYE", "audio",
                                "audio", 50L, 8600L, 48L, 8256L),
                        new CallRecord("in-1@test", "+4940777000", "7001", Direction.INBOUND, "pbx1", now - 900_000, null,
                                now - 880_000, 20, 0, Disposition.NO_ANSWER, 480, Party.SYSTEM, "NO ANSWER", "audio", "audio",
                                null, null, null, null));
                db.database().inTransaction(tx -> tx.cdrs().insertIgnoringDuplicates(trunkCalls));
                BrowserChecks.await("the five call records in the database", Duration.ofSeconds(20),
                        () -> Integer.parseInt(db.queryString("SELECT COUNT(*) FROM cdr")) == 5);

                BrowserChecks.openLogin(b, base.toString());
                b.login("fin", FINANCE_PASSWORD);
                assertThat(b.settle()).isEqualTo("cdr");
                noConsoleErrors(b, "the call records page");

                // Yesterday to today in the browser's zone, whatever day of the month it is; then extension and direction.
                BrowserChecks.setDate(b, "cdr-from", -1);
                BrowserChecks.setDate(b, "cdr-to", 0);
                b.fill("cdr-extension", "7001");
                b.select("cdr-direction", "internal");
                b.click("cdr-apply");
                assertThat(b.settled("cdr-region")).isEqualTo("ready");
                List<String> shown = rowKeys(b);
                assertThat(shown).as("7001's internal calls, newest first").containsExactly(busyId, answered);
                assertThat(b.texts("#cdr-table tbody td[data-col=direction]")).containsOnly("INTERNAL");
                WebElement busyRow = b.waitFor("#cdr-table tr[data-key='" + busyId + "']");
                assertThat(cell(busyRow, "caller")).isEqualTo("7002");
                assertThat(cell(busyRow, "callee")).isEqualTo("7001");
                assertThat(cell(busyRow, "disposition")).isEqualTo("BUSY");
                WebElement answeredRow = b.waitFor("#cdr-table tr[data-key='" + answered + "']");
                assertThat(cell(answeredRow, "caller")).isEqualTo("7001");
                assertThat(cell(answeredRow, "disposition")).isEqualTo("ANSWERED");
                assertThat(b.url()).contains("extension=7001").contains("direction=internal");
                assertThat(shown).doesNotContain(other, "out-1@test", "in-1@test");
                b.screenshot("finance-cdr-filtered");
                noConsoleErrors(b, "the filtered call records");

                // The download link: the same filters, the same rows (oldest first in the file).
                String href = b.waitFor("#cdr-download").getDomProperty("href");
                assertThat(href).startsWith(base + "api/cdr.csv?").contains("extension=7001").contains("direction=internal");
                HttpResponse<String> csv = fetchAsBrowser(b, href);
                assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
                assertThat(csv.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment;");
                List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                        .parse(new StringReader(csv.body())).getRecords();
                assertThat(rows).extracting(r -> r.get("call_id")).containsExactlyElementsOf(reversed(shown));
                for (CSVRecord r : rows) {
                    WebElement row = b.waitFor("#cdr-table tr[data-key='" + r.get("call_id") + "']");
                    assertThat(r.get("caller")).isEqualTo(cell(row, "caller"));
                    assertThat(r.get("callee")).isEqualTo(cell(row, "callee"));
                    assertThat(r.get("direction")).isEqualTo(cell(row, "direction"));
                    assertThat(r.get("disposition")).isEqualTo(cell(row, "disposition"));
                    assertThat(r.get("sip_code")).isEqualTo(cell(row, "sipCode"));
                }
                List<AuditEntry> exports = db.database().inTransaction(tx -> tx.audit().list(new AuditQuery(null, AuditType.CDR_EXPORTED, null, 10)));
                assertThat(exports).singleElement().satisfies(e -> assertThat(e.actor()).isEqualTo("web:fin"));

                // Another direction: only the outbound trunk call.
                b.select("cdr-direction", "outbound");
                b.click("cdr-apply");
                b.waitFor("#cdr-table tr[data-key='out-1@test']");
                assertThat(b.settled("cdr-region")).isEqualTo("ready");
                assertThat(rowKeys(b)).containsExactly("out-1@test");
                assertThat(b.waitFor("#cdr-download").getDomProperty("href")).contains("direction=outbound");

                // The summary of the internal calls: each counts once, for its caller.
                b.select("cdr-direction", "internal");
                b.click("cdr-apply");
                b.waitFor("#cdr-table tr[data-key='" + answered + "']");
                b.click("cdr-tab-summary");
                assertThat(b.settled("cdr-summary-region")).isEqualTo("ready");
                assertThat(b.isShown("#cdr-table")).isFalse();
                assertThat(b.texts("#cdr-summary-table tbody td[data-col=key]")).containsExactlyInAnyOrder("7001", "7002");
                List<WebElement> total = b.waitFor("#cdr-summary-total").findElements(By.tagName("td"));
                assertThat(total.get(1).getText()).as("calls").isEqualTo("2");
                assertThat(total.get(2).getText()).as("answered").isEqualTo("1");
                assertThat(b.url()).contains("tab=summary");
                b.screenshot("finance-cdr-summary-filtered");
                noConsoleErrors(b, "the call records summary");
            } finally {
                if (web != null) {
                    web.close();
                }
                node.close();
            }
        }
    }

    /** {@code from} calls {@code number}, {@code to} answers, {@code from} hangs up; returns the Call-ID. */
    private static String answeredCall(TestUserAgent from, TestUserAgent to, String number) throws Exception {
        TestUserAgent.Call call = from.call(number);
        assertThat(call.awaitFinal().getStatusCode()).isEqualTo(200);
        call.ack();
        assertThat(to.awaitRequest(Request.ACK)).isNotNull();
        assertThat(call.bye().getStatusCode()).isEqualTo(200);
        return callId(call);
    }

    private static String callId(TestUserAgent.Call c) {
        return ((CallIdHeader) c.invite().getHeader(CallIdHeader.NAME)).getCallId();
    }

    private static List<String> rowKeys(Browser b) {
        return b.driver().findElements(By.cssSelector("#cdr-table tbody tr")).stream().map(r -> r.getAttribute("data-key")).toList();
    }

    private static String cell(WebElement row, String column) {
        return row.findElement(By.cssSelector("td[data-col=" + column + "]")).getText();
    }

    private static List<String> reversed(List<String> list) {
        List<String> r = new ArrayList<>(list);
        java.util.Collections.reverse(r);
        return r;
    }
}
