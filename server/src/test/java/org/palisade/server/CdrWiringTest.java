package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palisade.core.call.CallObserver;
import org.palisade.core.call.CallStarted;
import org.palisade.core.call.Direction;
import org.palisade.core.call.Party;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;

/** The node hands the proxy a CDR assembler, and closing the node leaves every call recorded. */
class CdrWiringTest {

    @Test
    void callsSeenByTheNodesObserverLandInTheDatabase(@TempDir Path dir) throws Exception {
        try (TestDatabase db = TestDatabase.create(TestDb.H2)) {
            PalisadeConfig config = PalisadeConfig.load(null, Map.of(), Map.of("data.dir", dir.toString(),
                    "sip.udp-port", "5999", "sip.tcp-port", "0")); // never started: nothing binds
            PalisadeNode node = PalisadeNode.recordingCalls(db.database(), config.sip(), config.registrar(), config.proxy(),
                    config.cdrSpool(), Clock.systemUTC());
            CallObserver calls = node.callObserver();
            assertThat(calls).isNotSameAs(CallObserver.NONE);
            long t0 = System.currentTimeMillis() - 60_000;
            calls.started(new CallStarted("done@x", "1001", "1002", Direction.INTERNAL, t0, "127.0.0.1:5062"));
            calls.answered("done@x", t0 + 2_000);
            calls.ended("done@x", t0 + 32_000, Party.CALLER, "BYE");
            calls.started(new CallStarted("up@x", "1003", "1004", Direction.INTERNAL, t0, "127.0.0.1:5064"));
            calls.answered("up@x", t0 + 1_000);
            node.close();

            assertThat(db.queryString("SELECT CONCAT(disposition, '/', billsec, '/', hangup_reason) FROM cdr WHERE call_id = 'done@x'"))
                    .isEqualTo("ANSWERED/30/BYE");
            assertThat(db.queryString("SELECT CONCAT(disposition, '/', hangup_by, '/', hangup_reason) FROM cdr WHERE call_id = 'up@x'"))
                    .isEqualTo("ANSWERED/SYSTEM/SHUTDOWN");
            assertThat(db.queryString("SELECT billsec FROM cdr WHERE call_id = 'up@x'")).isNotEqualTo("0");
        }
    }
}
