package org.palisade.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The tamper-evidence rules: what {@link AuditChain#verify} catches and what the hash covers. */
class AuditChainTest {

    private static final long T0 = 1_790_000_000_000L;
    private static final int LENGTH = 5;

    /** A chain of {@link #LENGTH} entries as the stores build it, with the head they keep. */
    private static final class Chain {
        final List<AuditEntry> entries = new ArrayList<>();
        AuditHead head = AuditHead.EMPTY;

        Chain append(AuditEvent event, long time) {
            AuditEntry e = AuditChain.next(head, event, time);
            entries.add(e);
            head = new AuditHead(e.seq(), e.hash());
            return this;
        }

        VerifyResult verify() {
            return AuditChain.verify(entries.iterator(), head);
        }
    }

    private static Chain chain() {
        Chain c = new Chain();
        for (int i = 1; i <= LENGTH; i++) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("contact", "sip:100" + i + "@192.0.2." + i);
            details.put("expires", 3600);
            c.append(new AuditEvent(i % 2 == 0 ? AuditType.LOGON : AuditType.LOGON_FAILED, "100" + i, "100" + i,
                    "192.0.2." + i + ":5060", details), T0 + i * 1000L);
        }
        return c;
    }

    private static AuditEntry with(AuditEntry e, String field, Object value) {
        return new AuditEntry(e.seq(),
                field.equals("time") ? (Long) value : e.occurredAtMillis(),
                field.equals("type") ? (AuditType) value : e.type(),
                field.equals("actor") ? (String) value : e.actor(),
                field.equals("subject") ? (String) value : e.subject(),
                field.equals("source") ? (String) value : e.source(),
                field.equals("details") ? (String) value : e.details(),
                field.equals("prevHash") ? (String) value : e.prevHash(),
                e.hash());
    }

    @Test
    void aChainBuiltWithNextVerifies() {
        Chain c = chain();

        VerifyResult result = c.verify();

        assertThat(result.intact()).isTrue();
        assertThat(result.entriesChecked()).isEqualTo(LENGTH);
        assertThat(result.problem()).isNull();
        assertThat(c.entries.get(0).prevHash()).isEqualTo(AuditChain.GENESIS);
        for (int i = 1; i < LENGTH; i++) {
            assertThat(c.entries.get(i).prevHash()).isEqualTo(c.entries.get(i - 1).hash());
            assertThat(c.entries.get(i).seq()).isEqualTo(i + 1);
        }
    }

    @Test
    void anEmptyChainWithAnEmptyHeadVerifies() {
        VerifyResult result = AuditChain.verify(List.<AuditEntry>of().iterator(), AuditHead.EMPTY);

        assertThat(result.intact()).isTrue();
        assertThat(result.entriesChecked()).isZero();
    }

    static Stream<Arguments> alterations() {
        List<Arguments> cases = new ArrayList<>();
        Map<String, UnaryOperator<AuditEntry>> changes = new LinkedHashMap<>();
        changes.put("type", e -> with(e, "type", e.type() == AuditType.LOGON ? AuditType.LOGOFF : AuditType.LOGON));
        changes.put("actor", e -> with(e, "actor", "9999"));
        changes.put("subject", e -> with(e, "subject", "9999"));
        changes.put("source", e -> with(e, "source", "203.0.113.66:5060"));
        changes.put("source to null", e -> with(e, "source", null));
        changes.put("details", e -> with(e, "details", e.details().replace("3600", "60")));
        changes.put("time", e -> with(e, "time", e.occurredAtMillis() - 1));
        changes.put("prevHash", e -> with(e, "prevHash", "f".repeat(64)));
        for (int seq = 1; seq <= LENGTH; seq++) {
            for (Map.Entry<String, UnaryOperator<AuditEntry>> change : changes.entrySet()) {
                cases.add(Arguments.of(change.getKey(), seq, change.getValue()));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} of entry {1}")
    @MethodSource("alterations")
    void alteringOneFieldOfOneEntryIsDetectedAtThatEntry(String field, int seq, UnaryOperator<AuditEntry> change) {
        Chain c = chain();
        c.entries.set(seq - 1, change.apply(c.entries.get(seq - 1)));

        VerifyResult result = c.verify();

        assertThat(result.intact()).isFalse();
        assertThat(result.firstBadSeq()).isEqualTo(seq);
        assertThat(result.entriesChecked()).isEqualTo(seq - 1);
        assertThat(result.problem()).contains("entry " + seq);
    }

    @Test
    void anEntryRewrittenWithAFreshHashBreaksTheLinkOfItsSuccessor() {
        Chain c = chain();
        AuditEntry original = c.entries.get(2);
        AuditEntry forged = with(original, "actor", "9999");
        forged = new AuditEntry(forged.seq(), forged.occurredAtMillis(), forged.type(), forged.actor(), forged.subject(),
                forged.source(), forged.details(), forged.prevHash(), AuditChain.hash(forged));
        c.entries.set(2, forged);

        VerifyResult result = c.verify();

        assertThat(result.intact()).isFalse();
        assertThat(result.firstBadSeq()).isEqualTo(4);
        assertThat(result.problem()).contains("entry 4", "previous-hash mismatch");
    }

    @Test
    void aRemovedMiddleEntryIsDetected() {
        Chain c = chain();
        c.entries.remove(2);

        VerifyResult result = c.verify();

        assertThat(result.intact()).isFalse();
        assertThat(result.firstBadSeq()).isEqualTo(3);
        assertThat(result.entriesChecked()).isEqualTo(2);
        assertThat(result.problem()).contains("entry 3 is missing");
    }

    @Test
    void aRemovedMiddleEntryWithTheRestRenumberedIsDetected() {
        Chain c = chain();
        c.entries.remove(2);
        for (int i = 2; i < c.entries.size(); i++) {
            AuditEntry e = c.entries.get(i);
            c.entries.set(i, new AuditEntry(e.seq() - 1, e.occurredAtMillis(), e.type(), e.actor(), e.subject(), e.source(),
                    e.details(), e.prevHash(), e.hash()));
        }

        VerifyResult result = c.verify();

        assertThat(result.intact()).isFalse();
        assertThat(result.firstBadSeq()).isEqualTo(3);
    }

    @Test
    void aCutTailIsDetectedByTheHead() {
        Chain c = chain();
        c.entries.remove(LENGTH - 1);
        c.entries.remove(LENGTH - 2);

        VerifyResult result = c.verify();

        assertThat(result.intact()).isFalse();
        assertThat(result.entriesChecked()).isEqualTo(LENGTH - 2);
        assertThat(result.firstBadSeq()).isEqualTo(LENGTH - 1);
        assertThat(result.problem()).contains("chain head records entry " + LENGTH);
    }

    @Test
    void aHeadWithTheRightSeqButAnotherHashIsDetected() {
        Chain c = chain();
        c.head = new AuditHead(LENGTH, "e".repeat(64));

        assertThat(c.verify().intact()).isFalse();
    }

    @Test
    void fieldBoundariesCannotBeShifted() {
        AuditEntry ab = AuditChain.next(AuditHead.EMPTY, new AuditEvent(AuditType.LOGON, "ab", "c", null, null), T0);
        AuditEntry a = AuditChain.next(AuditHead.EMPTY, new AuditEvent(AuditType.LOGON, "a", "bc", null, null), T0);

        assertThat(ab.hash()).isNotEqualTo(a.hash());
    }

    @Test
    void anAbsentSourceAndAnEmptySourceHashDifferently() {
        AuditEntry absent = AuditChain.next(AuditHead.EMPTY, new AuditEvent(AuditType.LOGON, "1001", "1001", null, null), T0);
        AuditEntry empty = AuditChain.next(AuditHead.EMPTY, new AuditEvent(AuditType.LOGON, "1001", "1001", "", null), T0);

        assertThat(absent.hash()).isNotEqualTo(empty.hash());
    }

    @Test
    void detailsJsonDoesNotDependOnMapKeyOrder() {
        Map<String, Object> innerAb = new LinkedHashMap<>();
        innerAb.put("name", "Alice");
        innerAb.put("department", "Finance");
        Map<String, Object> innerBa = new LinkedHashMap<>();
        innerBa.put("department", "Finance");
        innerBa.put("name", "Alice");
        Map<String, Object> ab = new LinkedHashMap<>();
        ab.put("action", "set");
        ab.put("after", innerAb);
        Map<String, Object> ba = new LinkedHashMap<>();
        ba.put("after", innerBa);
        ba.put("action", "set");

        AuditEntry first = AuditChain.next(AuditHead.EMPTY, new AuditEvent(AuditType.CONFIG_CHANGED, "cli:root", "extension:1001", null, ab), T0);
        AuditEntry second = AuditChain.next(AuditHead.EMPTY, new AuditEvent(AuditType.CONFIG_CHANGED, "cli:root", "extension:1001", null, ba), T0);

        assertThat(first.details()).isEqualTo(second.details())
                .isEqualTo("{\"action\":\"set\",\"after\":{\"department\":\"Finance\",\"name\":\"Alice\"}}");
        assertThat(first.hash()).isEqualTo(second.hash());
    }

    @Test
    void missingDetailsAreStoredAsAnEmptyObject() {
        AuditEntry e = AuditChain.next(AuditHead.EMPTY, new AuditEvent(AuditType.UNLOCKED, "system", "source:192.0.2.1", null, null), T0);

        assertThat(e.details()).isEqualTo("{}");
    }

    @Test
    void theHashCoversSeqAndPrevHashSoIdenticalEventsGetDistinctHashes() {
        AuditEvent event = new AuditEvent(AuditType.LOGON, "1001", "1001", null, Map.of());
        Chain c = new Chain().append(event, T0).append(event, T0);

        assertThat(c.entries.get(0).hash()).isNotEqualTo(c.entries.get(1).hash());
        assertThat(c.verify().intact()).isTrue();
    }
}
