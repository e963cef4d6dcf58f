package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palisade.core.call.CallStarted;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.server.testing.Sipp;
import org.palisade.server.testing.TestPhone;
import org.palisade.server.testing.TestServer;
import org.palisade.sip.proxy.ProxySettings;

/** A call between two SIPp user agents through Palisade: a registered SIPp UAS, and a SIPp UAC calling it. */
class SippCallTest {

    @Test
    void sippCallsSippThroughPalisade(@TempDir Path dir) throws Exception {
        try (TestDatabase db = TestDatabase.create(TestDb.H2);
             TestServer server = new TestServer(db, TestServer.md5First(), ProxySettings.defaults())) {
            server.addExtension("5001", "secret-5001-ok");
            server.addExtension("5002", "secret-5002-ok");

            // The callee registers from the port its UAS scenario will then listen on.
            int calleePort = TestPhone.freeUdpPort();
            Path callee = Sipp.users(dir, "callee.csv", List.of("5002"), n -> "secret-5002-ok", 600);
            Sipp.Result registered = Sipp.start("register", callee, 1, 10, server.port(), dir, "u1", calleePort).await();
            assertThat(registered.exitCode()).as(registered.output() + registered.errors()).isZero();
            assertThat(server.node().registrar().lookup("5002")).singleElement()
                    .satisfies(b -> assertThat(b.sourcePort()).isEqualTo(calleePort));

            Sipp.Running uas = Sipp.start("call_uas", callee, 1, 1, server.port(), dir, "u1", calleePort);
            Path calls = dir.resolve("calls.csv");
            Files.writeString(calls, "SEQUENTIAL\n5001;secret-5001-ok;[authentication username=5001 password=secret-5001-ok];5002\n");
            Sipp.Result uac = Sipp.run("call_uac", calls, 1, 1, server.port(), dir);
            assertThat(uac.exitCode()).as(uac.output() + uac.errors()).isZero();
            Sipp.Result answered = uas.await();
            assertThat(answered.exitCode()).as(answered.output() + answered.errors()).isZero();

            List<CallStarted> started = server.calls().started();
            assertThat(started).singleElement().satisfies(c -> {
                assertThat(c.caller()).isEqualTo("5001");
                assertThat(c.callee()).isEqualTo("5002");
            });
            assertThat(server.calls().await(started.get(0).callId(), 3)).containsExactly(
                    "started 5001->5002 INTERNAL", "answered", "ended CALLER BYE");
        }
    }
}
