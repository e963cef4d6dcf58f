package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import javax.sip.header.ContactHeader;
import javax.sip.header.MinExpiresHeader;
import javax.sip.header.ViaHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.audit.AuditEntry;
import org.palisade.core.audit.AuditType;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.server.testing.TestPhone;
import org.palisade.server.testing.TestServer;

/** REGISTER as a phone sees it, over real UDP, on the embedded database and on MariaDB. */
class RegistrationTest {

    private static final String PASSWORD = "correct horse";

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void challengesWithSha256ThenMd5AndAcceptsBoth(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); TestServer server = new TestServer(db, TestServer.settings());
             TestPhone phone = new TestPhone("1001", TestServer.DOMAIN, server.port())) {
            server.addExtension("1001", PASSWORD);

            Response challenge = phone.send(phone.register(600));
            assertThat(challenge.getStatusCode()).isEqualTo(401);
            List<WWWAuthenticateHeader> offered = new ArrayList<>();
            challenge.getHeaders(WWWAuthenticateHeader.NAME).forEachRemaining(h -> offered.add((WWWAuthenticateHeader) h));
            assertThat(offered).extracting(WWWAuthenticateHeader::getAlgorithm).containsExactly("SHA-256", "MD5");
            assertThat(offered).allSatisfy(h -> {
                assertThat(h.getRealm()).isEqualTo(TestServer.DOMAIN);
                assertThat(h.getQop()).isEqualTo("auth");
            });

            Response sha = phone.send(phone.authorize(phone.register(600), TestPhone.challenge(challenge, "SHA-256"), PASSWORD));
            assertThat(sha.getStatusCode()).isEqualTo(200);
            assertThat(TestPhone.contacts(sha)).hasSize(1);
            assertThat(TestPhone.contacts(sha).get(0)).startsWith(phone.contact()).matches(".*;expires=(600|599)");

            Response md5 = phone.registerWith(phone.register(600), PASSWORD, "MD5");
            assertThat(md5.getStatusCode()).isEqualTo(200);

            List<AuditEntry> logons = server.audit(AuditType.LOGON);
            assertThat(logons).hasSize(1);
            assertThat(logons.get(0).subject()).isEqualTo("1001");
            assertThat(logons.get(0).source()).isEqualTo("127.0.0.1:" + phone.localPort());
            assertThat(server.node().registrar().lookup("1001")).singleElement()
                    .satisfies(b -> assertThat(b.contactUri()).isEqualTo(phone.contact()));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void severalDevicesRefreshAndUnregister(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); TestServer server = new TestServer(db, TestServer.settings());
             TestPhone desk = new TestPhone("1002", TestServer.DOMAIN, server.port());
             TestPhone soft = new TestPhone("1002", TestServer.DOMAIN, server.port())) {
            server.addExtension("1002", PASSWORD);

            Request deskRegister = desk.register("1002", 300, List.of("<" + desk.contact() + ">;q=0.8"));
            assertThat(desk.registerWith(deskRegister, PASSWORD, "SHA-256").getStatusCode()).isEqualTo(200);
            Response both = soft.registerWith(soft.register(300), PASSWORD, "SHA-256");
            assertThat(both.getStatusCode()).isEqualTo(200);
            assertThat(TestPhone.contacts(both)).hasSize(2);
            List<Float> qs = new ArrayList<>();
            both.getHeaders(ContactHeader.NAME).forEachRemaining(h -> qs.add(((ContactHeader) h).getQValue()));
            assertThat(qs).contains(0.8f);

            // A refresh (same Call-ID, higher CSeq) keeps one binding and is not a new logon.
            assertThat(desk.registerWith(desk.register("1002", 300, List.of(desk.contact())), PASSWORD, "MD5").getStatusCode()).isEqualTo(200);
            assertThat(server.audit(AuditType.LOGON)).hasSize(2);
            assertThat(server.node().registrar().lookup("1002")).hasSize(2);

            Response off = desk.registerWith(desk.register(0), PASSWORD, "SHA-256");
            assertThat(off.getStatusCode()).isEqualTo(200);
            assertThat(TestPhone.contacts(off)).singleElement().asString().startsWith(soft.contact());
            assertThat(server.audit(AuditType.LOGOFF)).singleElement().satisfies(e -> assertThat(e.details()).contains(desk.contact()));

            // Contact: * with Expires: 0 removes every binding of the extension.
            Response all = soft.registerWith(soft.register("1002", 0, List.of("*")), PASSWORD, "SHA-256");
            assertThat(all.getStatusCode()).isEqualTo(200);
            assertThat(all.getHeader(ContactHeader.NAME)).isNull();
            assertThat(server.node().registrar().lookup("1002")).isEmpty();
            assertThat(server.audit(AuditType.LOGOFF)).hasSize(2);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void expiryLimitsAndExpiredBindings(TestDb kind) throws Exception {
        var settings = new org.palisade.registrar.RegistrarSettings(TestServer.DOMAIN, 2, 900, 900, 10,
                java.time.Duration.ofMinutes(5), 3, java.time.Duration.ofMinutes(1), java.time.Duration.ofSeconds(2),
                java.time.Duration.ofSeconds(10));
        try (TestDatabase db = TestDatabase.create(kind); TestServer server = new TestServer(db, settings);
             TestPhone phone = new TestPhone("1003", TestServer.DOMAIN, server.port())) {
            server.addExtension("1003", PASSWORD);

            Response brief = phone.registerWith(phone.register(1), PASSWORD, "SHA-256");
            assertThat(brief.getStatusCode()).isEqualTo(423);
            assertThat(((MinExpiresHeader) brief.getHeader(MinExpiresHeader.NAME)).getExpires()).isEqualTo(2);

            Response clamped = phone.registerWith(phone.register(86400), PASSWORD, "SHA-256");
            assertThat(clamped.getStatusCode()).isEqualTo(200);
            assertThat(((ContactHeader) clamped.getHeader(ContactHeader.NAME)).getExpires()).isBetween(899, 900);

            assertThat(phone.registerWith(phone.register(2), PASSWORD, "SHA-256").getStatusCode()).isEqualTo(200);
            long deadline = System.currentTimeMillis() + 6000;
            while (!server.node().registrar().lookup("1003").isEmpty() || server.audit(AuditType.EXPIRED).isEmpty()) {
                assertThat(System.currentTimeMillis()).as("binding should expire within 6 s").isLessThan(deadline);
                Thread.sleep(200);
            }
            assertThat(server.audit(AuditType.EXPIRED)).singleElement()
                    .satisfies(e -> assertThat(e.subject()).isEqualTo("1003"));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void bindingsSurviveARestart(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); TestServer server = new TestServer(db, TestServer.settings());
             TestPhone phone = new TestPhone("1004", TestServer.DOMAIN, server.port())) {
            server.addExtension("1004", PASSWORD);
            assertThat(phone.registerWith(phone.register(600), PASSWORD, "SHA-256").getStatusCode()).isEqualTo(200);

            server.stop();
            server.start(TestServer.settings());

            assertThat(server.node().registrar().lookup("1004")).singleElement()
                    .satisfies(b -> assertThat(b.contactUri()).isEqualTo(phone.contact()));
            Response refreshed = phone.registerWith(phone.register(600), PASSWORD, "SHA-256");
            assertThat(TestPhone.contacts(refreshed)).hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void rportRecordsWhereThePhoneReallyIs(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); TestServer server = new TestServer(db, TestServer.settings());
             TestPhone phone = new TestPhone("1005", TestServer.DOMAIN, server.port())) {
            server.addExtension("1005", PASSWORD);
            // The phone claims an address it is not at, as a phone behind NAT does.
            Response ok = phone.registerWith(phone.register("1005", 600, List.of("sip:1005@192.0.2.10:5060")), PASSWORD, "SHA-256");
            assertThat(ok.getStatusCode()).isEqualTo(200);
            ViaHeader via = (ViaHeader) ok.getHeader(ViaHeader.NAME);
            assertThat(via.getRPort()).isEqualTo(phone.localPort());
            assertThat(server.node().registrar().lookup("1005")).singleElement().satisfies(b -> {
                assertThat(b.sourceHost()).isEqualTo("127.0.0.1");
                assertThat(b.sourcePort()).isEqualTo(phone.localPort());
                assertThat(b.transport()).isEqualToIgnoringCase("UDP");
                assertThat(b.userAgent()).contains("PalisadeTestPhone");
            });
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void anExtensionMayOnlyRegisterItself(TestDb kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); TestServer server = new TestServer(db, TestServer.settings());
             TestPhone phone = new TestPhone("1006", TestServer.DOMAIN, server.port())) {
            server.addExtension("1006", PASSWORD);
            server.addExtension("1007", PASSWORD + "7");
            Response hijack = phone.registerWith(phone.register("1007", 600, List.of(phone.contact())), PASSWORD, "SHA-256");
            assertThat(hijack.getStatusCode()).isEqualTo(403);
            assertThat(server.node().registrar().lookup("1007")).isEmpty();
        }
    }
}
