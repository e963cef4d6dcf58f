package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.palisade.server.ApiCalls.login;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.audit.AuditEntry;
import org.palisade.core.audit.AuditEvent;
import org.palisade.core.audit.AuditLog;
import org.palisade.core.audit.AuditType;
import org.palisade.core.chat.ChatArchive;
import org.palisade.core.chat.ChatState;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.server.testing.TestServer;
import org.palisade.web.testing.WebClient;

/**
 * {@code /api/audit}, {@code /api/audit/verify} and {@code /api/chat} over HTTP: filters, pages,
 * the chain check (also of a tampered log), the CHAT_SEARCHED entries, the roles, and that no
 * method on any audit or chat path changes anything.
 */
class AuditChatApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = 1_764_064_800_000L; // 2025-11-25T10:00:00Z

    private static WebClient auditor(TestServer server) {
        return login(server, "audrey", AdminWebTest.AUDITOR_PASSWORD);
    }

    private static AuditLog auditLog(TestDatabase db, long millis) {
        return new AuditLog(db.database(), Clock.fixed(Instant.ofEpochMilli(millis), ZoneOffset.UTC));
    }

    private static List<JsonNode> items(JsonNode page) {
        List<JsonNode> items = new ArrayList<>();
        page.get("items").forEach(items::add);
        return items;
    }

    private static List<Long> seqs(JsonNode page) {
        return items(page).stream().map(i -> i.get("seq").asLong()).toList();
    }

    private static long head(TestDatabase db) {
        return db.database().inTransaction(tx -> tx.audit().head()).lastSeq();
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void theAuditLogIsListedNewestFirstWithFiltersAndPagesAndVerified(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); TestServer server = AdminWebTest.serverWithAccounts(db, TestServer.webSettings())) {
            long base = head(db); // the accounts made for the test
            auditLog(db, T0).record(new AuditEvent(AuditType.CONFIG_CHANGED, "cli:root", "extension:1001", null, Map.of("action", "add")));
            auditLog(db, T0 + 60_000).record(new AuditEvent(AuditType.LOGON_FAILED, "1002", "1002", "192.0.2.7:5060",
                    Map.of("reason", "wrong password")));
            auditLog(db, T0 + 120_000).record(new AuditEvent(AuditType.CONFIG_CHANGED, "web:root", "trunk:pbx", "127.0.0.1", null));
            auditLog(db, T0 + 86_400_000).record(new AuditEvent(AuditType.LOGON, "1001", "1001", "192.0.2.8:5060", null));
            WebClient audrey = auditor(server);
            long afterLogin = head(db); // the auditor's ADMIN_LOGON is the newest

            JsonNode all = audrey.get("/api/audit").expect(200).json();
            assertThat(seqs(all)).hasSize((int) afterLogin).isSortedAccordingTo((a, b) -> Long.compare(b, a));
            assertThat(all.get("next").isNull()).isTrue();
            JsonNode failed = items(all).stream().filter(i -> i.get("seq").asLong() == base + 2).findFirst().orElseThrow();
            assertThat(CdrApiTest.fieldNames(failed)).containsExactly("seq", "time", "type", "actor", "subject", "source", "details");
            assertThat(failed.get("time").asText()).isEqualTo("2025-11-25T10:01:00Z");
            assertThat(failed.get("type").asText()).isEqualTo("LOGON_FAILED");
            assertThat(failed.get("actor").asText()).isEqualTo("1002");
            assertThat(failed.get("source").asText()).isEqualTo("192.0.2.7:5060");
            assertThat(failed.get("details").get("reason").asText()).as("details is the JSON object").isEqualTo("wrong password");

            assertThat(seqs(audrey.get("/api/audit?type=CONFIG_CHANGED&from=2025-11-25&to=2025-12-01").expect(200).json()))
                    .containsExactly(base + 3, base + 1);
            assertThat(seqs(audrey.get("/api/audit?type=logon-failed").expect(200).json())).containsExactly(base + 2);
            assertThat(seqs(audrey.get("/api/audit?from=2025-11-25T10:01:00Z&to=2025-11-26").expect(200).json()))
                    .as("from inclusive, to exclusive").containsExactly(base + 3, base + 2);
            assertThat(seqs(audrey.get("/api/audit?from=2025-11-25T11:00:00%2B01:00&to=2025-11-25T10:02:00Z").expect(200).json()))
                    .containsExactly(base + 2, base + 1);
            assertThat(seqs(audrey.get("/api/audit?actor=cli").expect(200).json())).as("cli: every CLI user")
                    .contains(base + 1).doesNotContain(base + 2, base + 3);
            assertThat(seqs(audrey.get("/api/audit?actor=web:root").expect(200).json())).containsExactly(base + 3);
            assertThat(seqs(audrey.get("/api/audit?subject=1001").expect(200).json())).containsExactly(base + 4);
            assertThat(seqs(audrey.get("/api/audit?subject=trunk:pbx&actor=web").expect(200).json())).containsExactly(base + 3);
            assertThat(seqs(audrey.get("/api/audit?type=ADMIN_LOGON").expect(200).json())).containsExactly(afterLogin);
            assertThat(seqs(audrey.get("/api/audit?type=LOGON_FAILED,logon").expect(200).json())).as("any of the types")
                    .containsExactly(base + 4, base + 2);
            assertThat(seqs(audrey.get("/api/audit?type=LOGON_FAILED&type=ADMIN_LOGON&type=LOGON").expect(200).json()))
                    .as("the parameter repeated").containsExactly(afterLogin, base + 4, base + 2);
            assertThat(seqs(audrey.get("/api/audit?type=CONFIG_CHANGED,LOGON&limit=2&cursor=" + (base + 4)).expect(200).json()))
                    .as("a page of several types").containsExactly(base + 3, base + 1);

            // pages: every entry once, newest first, whatever is appended meanwhile
            List<Long> paged = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                JsonNode page = audrey.get("/api/audit?limit=2" + (cursor == null ? "" : "&cursor=" + cursor)).expect(200).json();
                paged.addAll(seqs(page));
                cursor = page.get("next").isNull() ? null : page.get("next").asText();
                if (pages++ == 0) {
                    auditLog(db, T0 + 200_000_000).record(new AuditEvent(AuditType.LOGON, "1003", "1003", null, null));
                }
            } while (cursor != null && pages < 100);
            assertThat(paged).isEqualTo(seqs(all));

            JsonNode ok = audrey.get("/api/audit/verify").expect(200).json();
            assertThat(CdrApiTest.fieldNames(ok)).containsExactly("ok", "entries", "firstBad", "problem");
            assertThat(ok.get("ok").asBoolean()).isTrue();
            assertThat(ok.get("entries").asLong()).isEqualTo(head(db));
            assertThat(ok.get("firstBad").isNull()).isTrue();
            assertThat(ok.get("problem").isNull()).isTrue();
            login(server, "root", AdminWebTest.ROOT_PASSWORD).get("/api/audit/verify").expect(200);

            db.execute("UPDATE audit_log SET details = '{\"reason\":\"nothing happened\"}' WHERE seq = " + (base + 2));
            JsonNode broken = audrey.get("/api/audit/verify").expect(200).json();
            assertThat(broken.get("ok").asBoolean()).isFalse();
            assertThat(broken.get("firstBad").asLong()).isEqualTo(base + 2);
            assertThat(broken.get("entries").asLong()).isEqualTo(base + 1);
            assertThat(broken.get("problem").asText()).contains("altered");

            CdrApiTest.assertField(audrey.get("/api/audit?type=HACKED"), "type", "CONFIG_CHANGED");
            CdrApiTest.assertField(audrey.get("/api/audit?type=LOGON,HACKED,LOGON_FAILED"), "type", "got 'HACKED'");
            CdrApiTest.assertField(audrey.get("/api/audit?type=LOGON&type=HACKED"), "type", "got 'HACKED'");
            CdrApiTest.assertField(audrey.get("/api/audit?actor=web&actor=cli"), "actor", "give it once");
            CdrApiTest.assertField(audrey.get("/api/audit?from=last-week"), "from", "ISO 8601");
            CdrApiTest.assertField(audrey.get("/api/audit?from=2025-11-26&to=2025-11-25"), "to", "after from");
            CdrApiTest.assertField(audrey.get("/api/audit?cursor=abc"), "cursor", "previous page");
            CdrApiTest.assertField(audrey.get("/api/audit?limit=5000"), "limit", "1 to 1000");
            CdrApiTest.assertField(audrey.get("/api/audit?offset=100"), "offset", "unknown parameter");
            CdrApiTest.assertField(audrey.get("/api/audit/verify?repair=true"), "repair", "unknown parameter");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void theChatArchiveIsSearchedAndEverySearchIsAuditedWithoutTheBodies(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); TestServer server = AdminWebTest.serverWithAccounts(db, TestServer.webSettings())) {
            archive(db, T0, "1001", "1002", "text/plain", "The Quarterly figures are in", "a");
            archive(db, T0 + 1_000, "1002", "1001", "text/plain;charset=UTF-8", "quarterly? 50% done, Grüße", "b");
            archive(db, T0 + 86_400_000, "1003", "1004", "text/plain", "nothing_here", "c");
            archive(db, T0 + 86_401_000, "1003", "1004", "application/octet-stream", "quarterly", "d");
            WebClient audrey = auditor(server);

            JsonNode all = audrey.get("/api/chat").expect(200).json();
            assertThat(all.isArray()).isTrue();
            assertThat(all.findValuesAsText("body")).hasSize(4);
            JsonNode b = all.get(2);
            assertThat(CdrApiTest.fieldNames(b)).containsExactly("id", "time", "from", "to", "contentType", "encoding", "body", "state",
                    "sipCode");
            assertThat(b.get("time").asText()).isEqualTo("2025-11-25T10:00:01Z");
            assertThat(b.get("from").asText()).isEqualTo("1002");
            assertThat(b.get("to").asText()).isEqualTo("1001");
            assertThat(b.get("body").asText()).isEqualTo("quarterly? 50% done, Grüße");
            assertThat(b.get("encoding").asText()).isEqualTo("TEXT");
            assertThat(b.get("state").asText()).isEqualTo("DELIVERED");
            assertThat(b.get("sipCode").asInt()).isEqualTo(200);
            assertThat(all.get(0).get("encoding").asText()).isEqualTo("BASE64");

            assertThat(ids(audrey.get("/api/chat?q=QUARTERLY").expect(200).json())).containsExactly("b", "a");
            assertThat(ids(audrey.get("/api/chat?q=50%25").expect(200).json())).containsExactly("b");
            assertThat(ids(audrey.get("/api/chat?q=5%25").expect(200).json())).as("% is literal").isEmpty();
            assertThat(ids(audrey.get("/api/chat?q=e_").expect(200).json())).as("_ is literal").isEmpty();
            assertThat(ids(audrey.get("/api/chat?q=g_h").expect(200).json())).containsExactly("c");
            assertThat(ids(audrey.get("/api/chat?q=gr%C3%BC%C3%9FE").expect(200).json())).containsExactly("b");
            assertThat(ids(audrey.get("/api/chat?extension=1001").expect(200).json())).containsExactly("b", "a");
            assertThat(ids(audrey.get("/api/chat?from=2025-11-26").expect(200).json())).containsExactly("d", "c");
            assertThat(ids(audrey.get("/api/chat?from=2025-11-25T10:00:01Z&to=2025-11-26T10:00:01Z").expect(200).json()))
                    .containsExactly("c", "b");
            assertThat(ids(audrey.get("/api/chat?limit=1").expect(200).json())).containsExactly("d");
            WebClient root = login(server, "root", AdminWebTest.ROOT_PASSWORD);
            assertThat(ids(root.get("/api/chat?q=figures&extension=1002").expect(200).json())).containsExactly("a");

            List<AuditEntry> searches = server.audit(AuditType.CHAT_SEARCHED);
            assertThat(searches).hasSize(12);
            AuditEntry last = searches.get(0);
            assertThat(last.actor()).isEqualTo("web:root");
            assertThat(last.subject()).isEqualTo("1002");
            assertThat(last.source()).isEqualTo("127.0.0.1");
            JsonNode d = JSON.readTree(last.details());
            assertThat(d.get("q").asText()).isEqualTo("figures");
            assertThat(d.get("extension").asText()).isEqualTo("1002");
            assertThat(d.get("found").asInt()).isEqualTo(1);
            JsonNode period = JSON.readTree(searches.get(2).details());
            assertThat(period.get("from").asText()).isEqualTo("2025-11-25T10:00:01Z");
            assertThat(period.get("to").asText()).isEqualTo("2025-11-26T10:00:01Z");
            assertThat(searches).extracting(AuditEntry::actor).containsOnly("web:audrey", "web:root");
            for (AuditEntry e : searches) {
                assertThat(e.details()).doesNotContain("Quarterly figures are in", "50% done", "nothing_here");
            }

            CdrApiTest.assertField(audrey.get("/api/chat?extension=" + "1".repeat(65)), "extension", "64");
            CdrApiTest.assertField(audrey.get("/api/chat?q=" + "x".repeat(1001)), "q", "1000");
            CdrApiTest.assertField(audrey.get("/api/chat?limit=0"), "limit", "1 to 1000");
            CdrApiTest.assertField(audrey.get("/api/chat?to=2025-11-25&from=2025-11-26"), "to", "after from");
            CdrApiTest.assertField(audrey.get("/api/chat?text=x"), "text", "unknown parameter");
            assertThat(server.audit(AuditType.CHAT_SEARCHED)).as("a refused search is no search").hasSize(12);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void financeMayNotReadTheAuditLogOrTheChatArchive(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); TestServer server = AdminWebTest.serverWithAccounts(db, TestServer.webSettings())) {
            archive(db, T0, "1001", "1002", "text/plain", "secret plans", "a");
            WebClient fin = login(server, "fin", AdminWebTest.FINANCE_PASSWORD);
            for (String path : List.of("/api/audit", "/api/audit/verify", "/api/chat", "/api/chat?q=secret")) {
                WebClient.Reply r = fin.get(path);
                assertThat(r.status()).as(path).isEqualTo(403);
                assertThat(r.body()).doesNotContain("secret plans");
            }
            for (String path : List.of("/api/audit", "/api/audit/verify", "/api/chat")) {
                assertThat(new WebClient(server.webBase()).get(path).status()).as(path).isEqualTo(401);
            }
            assertThat(server.audit(AuditType.CHAT_SEARCHED)).isEmpty();
            fin.get("/api/cdr?from=2025-11-01&to=2025-12-01").expect(200);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void noMethodOnAnAuditOrChatPathChangesOrRemovesAnything(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); TestServer server = AdminWebTest.serverWithAccounts(db, TestServer.webSettings())) {
            archive(db, T0, "1001", "1002", "text/plain", "keep me", "a");
            WebClient root = login(server, "root", AdminWebTest.ROOT_PASSWORD);
            long chatId = root.get("/api/chat").expect(200).json().get(0).get("id").asLong(); // a search: itself an entry
            long seq = head(db);
            String headHash = db.queryString("SELECT last_hash FROM audit_head");
            String chatRow = db.queryString("SELECT CONCAT(id, '|', body, '|', state, '|', state_at) FROM chat_message");

            List<String> paths = List.of("/api/audit", "/api/audit/" + seq, "/api/audit/1", "/api/audit/verify", "/api/audit/head",
                    "/api/chat", "/api/chat/" + chatId, "/api/chat/1/body", "/api/chat/search");
            for (String path : paths) {
                for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
                    WebClient.Reply r = root.send(root.withCsrf(root.request(path)).header("Content-Type", "application/json")
                            .method(method, HttpRequest.BodyPublishers.ofString("{\"details\":\"rewritten\",\"body\":\"rewritten\"}",
                                    StandardCharsets.UTF_8)));
                    assertThat(r.status()).as(method + " " + path).isIn(404, 405);
                    if (r.status() == 405) {
                        assertThat(r.header("Allow")).as(method + " " + path).isEqualTo("GET");
                    }
                }
            }
            assertThat(head(db)).isEqualTo(seq);
            assertThat(db.queryString("SELECT COUNT(*) FROM audit_log")).isEqualTo(Long.toString(seq));
            assertThat(db.queryString("SELECT last_hash FROM audit_head")).isEqualTo(headHash);
            assertThat(db.queryString("SELECT COUNT(*) FROM chat_message")).isEqualTo("1");
            assertThat(db.queryString("SELECT CONCAT(id, '|', body, '|', state, '|', state_at) FROM chat_message")).isEqualTo(chatRow)
                    .startsWith(chatId + "|keep me|DELIVERED|");
            JsonNode verify = root.get("/api/audit/verify").expect(200).json();
            assertThat(verify.get("ok").asBoolean()).isTrue();
            assertThat(verify.get("entries").asLong()).isEqualTo(seq);
            // and every route under these paths is a GET, for every role
            assertThat(server.web().routes().all()).filteredOn(r -> r.pattern().startsWith("/api/audit") || r.pattern().startsWith("/api/chat"))
                    .isNotEmpty().allSatisfy(r -> assertThat(r.method()).as(r.toString()).isEqualTo("GET"));
        }
    }

    private static void archive(TestDatabase db, long millis, String from, String to, String type, String body, String callId) {
        new ChatArchive(db.database(), Clock.fixed(Instant.ofEpochMilli(millis), ZoneOffset.UTC), Duration.ofHours(72))
                .archive(from, to, type, body.getBytes(StandardCharsets.UTF_8), callId, ChatState.DELIVERED, 200, "127.0.0.1:5070/UDP");
    }

    /** The chat messages by their Call-ID, via the id: the API shows the archive's id, the test knows the Call-IDs. */
    private List<String> ids(JsonNode messages) {
        List<String> out = new ArrayList<>();
        for (JsonNode m : messages) {
            out.add(CALL_IDS.getOrDefault(m.get("body").asText(), "?"));
        }
        return out;
    }

    private static final Map<String, String> CALL_IDS = Map.of(
            "The Quarterly figures are in", "a",
            "quarterly? 50% done, Grüße", "b",
            "nothing_here", "c",
            java.util.Base64.getEncoder().encodeToString("quarterly".getBytes(StandardCharsets.UTF_8)), "d");
}
