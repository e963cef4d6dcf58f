package org.palisade.core.cdr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.palisade.core.call.CallStarted;
import org.palisade.core.call.Direction;
import org.palisade.core.call.Disposition;
import org.palisade.core.call.Party;
import org.palisade.core.media.MediaStats;

class CdrAssemblerTest {

    private static final long T0 = 1_764_064_800_000L; // 2025-11-25T10:00:00Z

    /** Keeps what the assembler hands over, as a real sink would receive it. */
    private static final class Recorded implements CdrSink {
        final List<CallStarted> opened = new CopyOnWriteArrayList<>();
        final List<CallRecord> records = new CopyOnWriteArrayList<>();

        @Override
        public void opened(CallStarted call) {
            opened.add(call);
        }

        @Override
        public void accept(CallRecord record) {
            records.add(record);
        }
    }

    private final Recorded sink = new Recorded();
    private final CdrAssembler cdr = new CdrAssembler(sink);

    private void start(String id) {
        cdr.started(new CallStarted(id, "1001", "1002", Direction.INTERNAL, T0, "192.0.2.10:5060"));
    }

    @Test
    void anAnsweredCallHasBillsecFromAnswerToEnd() {
        start("a1");
        cdr.answered("a1", T0 + 4_200);
        cdr.ended("a1", T0 + 65_700, Party.CALLEE, "BYE");

        assertThat(sink.opened).extracting(CallStarted::callId).containsExactly("a1");
        assertThat(sink.records).containsExactly(new CallRecord("a1", "1001", "1002", Direction.INTERNAL, null, T0, T0 + 4_200,
                T0 + 65_700, 66, 62, Disposition.ANSWERED, 200, Party.CALLEE, "BYE", null, null, null, null, null, null));
        assertThat(cdr.openCalls()).isZero();
    }

    @Test
    void theRelayCountersOfAnAnchoredCallLandInItsRecord() {
        start("m1");
        cdr.answered("m1", T0 + 1_000);
        cdr.relayed("m1", new MediaStats(500, 86_000, 498, 85_656, T0 + 10_000));
        cdr.ended("m1", T0 + 11_000, Party.SYSTEM, "MEDIA TIMEOUT");
        start("m2");
        cdr.relayed("m2", new MediaStats(3, 516, 0, 0, T0));
        cdr.failed("m2", T0 + 2_000, 486, Disposition.BUSY);

        assertThat(sink.records.get(0)).satisfies(r -> {
            assertThat(r.packetsFromCaller()).isEqualTo(500);
            assertThat(r.bytesFromCaller()).isEqualTo(86_000);
            assertThat(r.packetsFromCallee()).isEqualTo(498);
            assertThat(r.bytesFromCallee()).isEqualTo(85_656);
            assertThat(r.hangupReason()).isEqualTo("MEDIA TIMEOUT");
            assertThat(r.hungUpBy()).isEqualTo(Party.SYSTEM);
        });
        assertThat(sink.records.get(1).packetsFromCaller()).as("early media of an unanswered call").isEqualTo(3);
        assertThat(sink.records.get(1).packetsFromCallee()).isZero();
    }

    @Test
    void secondsRoundHalfUp() {
        assertThat(CallRecord.seconds(0, 499)).isZero();
        assertThat(CallRecord.seconds(0, 500)).isEqualTo(1);
        assertThat(CallRecord.seconds(0, 1_499)).isEqualTo(1);
        assertThat(CallRecord.seconds(0, 1_500)).isEqualTo(2);
        assertThat(CallRecord.seconds(0, 0)).isZero();
    }

    @Test
    void busyNoAnswerCancelledPolicyAndFailedCallsHaveNoBillsec() {
        String[] ids = {"busy", "declined", "timeout", "unavailable", "cancel", "policy", "error"};
        for (String id : ids) {
            start(id);
        }
        cdr.failed("busy", T0 + 2_000, 486, Disposition.BUSY);
        cdr.failed("declined", T0 + 2_000, 603, Disposition.BUSY);
        cdr.failed("timeout", T0 + 30_000, 408, Disposition.NO_ANSWER);
        cdr.failed("unavailable", T0 + 100, 480, Disposition.NO_ANSWER);
        cdr.failed("cancel", T0 + 7_400, 487, Disposition.CANCELLED);
        cdr.failed("policy", T0 + 10, 403, Disposition.BLOCKED_BY_POLICY);
        cdr.failed("error", T0 + 1_000, 503, Disposition.FAILED);

        assertThat(sink.records).extracting(CallRecord::callId).containsExactly(ids);
        assertThat(sink.records).allSatisfy(r -> {
            assertThat(r.billsec()).isZero();
            assertThat(r.answerMillis()).isNull();
        });
        assertThat(sink.records).extracting(CallRecord::disposition).containsExactly(Disposition.BUSY, Disposition.BUSY,
                Disposition.NO_ANSWER, Disposition.NO_ANSWER, Disposition.CANCELLED, Disposition.BLOCKED_BY_POLICY, Disposition.FAILED);
        assertThat(sink.records).extracting(CallRecord::sipCode).containsExactly(486, 603, 408, 480, 487, 403, 503);
        assertThat(sink.records).extracting(CallRecord::hungUpBy).containsExactly(Party.CALLEE, Party.CALLEE, Party.SYSTEM, null,
                Party.CALLER, Party.SYSTEM, null);
        assertThat(sink.records).extracting(CallRecord::hangupReason).containsExactly("BUSY", "DECLINED", "NO ANSWER TIMEOUT",
                "UNAVAILABLE", "CANCEL", "POLICY", "SIP 503");
        assertThat(sink.records).extracting(CallRecord::durationSeconds).containsExactly(2L, 2L, 30L, 0L, 7L, 0L, 1L);
    }

    @Test
    void aMissingDispositionIsTakenFromTheCode() {
        start("x");
        cdr.failed("x", T0 + 1_000, 486, null);
        assertThat(sink.records.get(0).disposition()).isEqualTo(Disposition.BUSY);
    }

    @Test
    void exactlyOneRecordPerCallWhateverArrivesAfterTheEnd() {
        start("c1");
        cdr.answered("c1", T0 + 1_000);
        cdr.answered("c1", T0 + 2_000); // a second fork branch's 2xx is not a new answer
        cdr.ended("c1", T0 + 10_000, Party.CALLER, "BYE");
        cdr.ended("c1", T0 + 11_000, Party.CALLEE, "BYE");
        cdr.failed("c1", T0 + 12_000, 487, Disposition.CANCELLED);
        cdr.answered("ghost", T0);
        start("c1"); // a stray late INVITE with the same id after the end starts a new attempt

        assertThat(sink.records).hasSize(1);
        assertThat(sink.records.get(0).answerMillis()).isEqualTo(T0 + 1_000);
        assertThat(sink.records.get(0).hungUpBy()).isEqualTo(Party.CALLER);
        assertThat(cdr.strayEvents()).isEqualTo(3); // the second BYE, the CANCEL, the ghost
        assertThat(cdr.openCalls()).isEqualTo(1);
    }

    @Test
    void anEndWithoutAnAnswerIsRecordedAsFailedNotAnswered() {
        start("n1");
        cdr.ended("n1", T0 + 3_000, Party.SYSTEM, "ADMIN KILL SWITCH");
        CallRecord r = sink.records.get(0);
        assertThat(r.disposition()).isEqualTo(Disposition.FAILED);
        assertThat(r.billsec()).isZero();
        assertThat(r.hangupReason()).isEqualTo("ADMIN KILL SWITCH");
    }

    @Test
    void concurrentEndsOfOneCallYieldOneRecord() throws Exception {
        for (int round = 0; round < 200; round++) {
            String id = "race-" + round;
            start(id);
            cdr.answered(id, T0 + 1);
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int n = t;
                Thread th = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (n % 2 == 0) {
                        cdr.ended(id, T0 + 5_000, Party.CALLER, "BYE");
                    } else {
                        cdr.failed(id, T0 + 5_000, 487, Disposition.CANCELLED);
                    }
                });
                th.start();
                threads.add(th);
            }
            go.countDown();
            for (Thread th : threads) {
                th.join();
            }
        }
        assertThat(sink.records).hasSize(200);
        assertThat(sink.records).extracting(CallRecord::callId).doesNotHaveDuplicates();
    }

    @Test
    void stoppingClosesOpenCallsAndBillsTheAnsweredOnes() {
        start("up");
        start("ringing");
        cdr.answered("up", T0 + 1_000);
        assertThat(cdr.closeOpenCalls(T0 + 11_000, "SHUTDOWN")).isEqualTo(2);
        assertThat(cdr.openCalls()).isZero();
        CallRecord up = sink.records.stream().filter(r -> r.callId().equals("up")).findFirst().orElseThrow();
        CallRecord ringing = sink.records.stream().filter(r -> r.callId().equals("ringing")).findFirst().orElseThrow();
        assertThat(up.disposition()).isEqualTo(Disposition.ANSWERED);
        assertThat(up.billsec()).isEqualTo(10);
        assertThat(up.hungUpBy()).isEqualTo(Party.SYSTEM);
        assertThat(up.hangupReason()).isEqualTo("SHUTDOWN");
        assertThat(ringing.disposition()).isEqualTo(Disposition.FAILED);
        assertThat(ringing.billsec()).isZero();
    }

    @Test
    void anInterruptedCallIsFailedWithoutBillsec() {
        CallRecord r = CallRecord.interrupted("i1", "1001", "1002", Direction.INTERNAL, T0, T0 + 90_400);
        assertThat(r.disposition()).isEqualTo(Disposition.FAILED);
        assertThat(r.hangupReason()).isEqualTo(CallRecord.INTERRUPTED);
        assertThat(r.durationSeconds()).isEqualTo(90);
        assertThat(r.billsec()).isZero();
        assertThat(CallRecord.interrupted("i2", "1001", "1002", Direction.INTERNAL, T0, T0 - 5).endMillis()).isEqualTo(T0);
    }
}
