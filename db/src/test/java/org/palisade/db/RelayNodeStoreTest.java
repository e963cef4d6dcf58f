package org.palisade.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.admin.RelayNodeAdministration;
import org.palisade.core.audit.AuditEntry;
import org.palisade.core.audit.AuditQuery;
import org.palisade.core.audit.AuditType;
import org.palisade.core.relay.RelayNode;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;

/** Relay node rows, and their administration with its audit entries, on both databases. */
class RelayNodeStoreTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00.125Z");

    private static final RelayNode EDGE = new RelayNode("edge-2", "10.0.0.7", 2223, 50);
    private static final RelayNode V6 = new RelayNode("core.v6", "fd00::7", 22222, 1000);

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void insertFindListAndDelete(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            Database d = db.database();
            d.inTransaction(tx -> {
                tx.relayNodes().insert(V6);
                tx.relayNodes().insert(EDGE);
                return null;
            });
            List<RelayNode> all = d.inTransaction(tx -> tx.relayNodes().list());
            assertThat(all).containsExactly(V6, EDGE);
            assertThat(db.queryString("SELECT CONCAT(ng_host, '|', ng_port, '|', weight) FROM relay_node WHERE name = 'core.v6'"))
                    .isEqualTo("fd00::7|22222|1000");

            Optional<RelayNode> found = d.inTransaction(tx -> tx.relayNodes().find("EDGE-2"));
            assertThat(found).as("names are looked up case-insensitively").contains(EDGE);
            Optional<RelayNode> missing = d.inTransaction(tx -> tx.relayNodes().find("nowhere"));
            assertThat(missing).isEmpty();

            boolean deleted = d.inTransaction(tx -> tx.relayNodes().delete("edge-2"));
            boolean again = d.inTransaction(tx -> tx.relayNodes().delete("edge-2"));
            assertThat(deleted).isTrue();
            assertThat(again).isFalse();
            List<RelayNode> left = d.inTransaction(tx -> tx.relayNodes().list());
            assertThat(left).containsExactly(V6);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void aSecondNodeOfTheSameNameConflictsWhateverItsCase(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            db.database().inTransaction(tx -> {
                tx.relayNodes().insert(EDGE);
                return null;
            });
            assertThatThrownBy(() -> db.database().inTransaction(tx -> {
                tx.relayNodes().insert(new RelayNode("EDGE-2", "10.0.0.8", 2223, 1));
                return null;
            })).isInstanceOf(IllegalStateException.class).hasMessageStartingWith("relay node edge-2 conflicts");
            assertThat(db.queryString("SELECT COUNT(*) FROM relay_node")).isEqualTo("1");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void administrationAuditsEachChangeInItsTransaction(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            RelayNodeAdministration admin = new RelayNodeAdministration(db.database(), Clock.fixed(NOW, ZoneOffset.UTC));
            admin.add("cli:ops", V6);
            admin.add("cli:ops", EDGE);
            admin.remove("cli:ops", "Core.V6");
            assertThat(admin.list()).containsExactly(EDGE);

            assertThatThrownBy(() -> admin.add("cli:ops", new RelayNode("edge-2", "10.0.0.9", 1, 1)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("edge-2").hasMessageContaining("already exists");
            assertThatThrownBy(() -> admin.remove("cli:ops", "core.v6"))
                    .isInstanceOf(NoSuchElementException.class).hasMessageContaining("core.v6");

            List<AuditEntry> entries = db.database().inTransaction(
                    tx -> tx.audit().list(new AuditQuery(null, AuditType.CONFIG_CHANGED, null, 0)));
            assertThat(entries).as("refused changes leave no entry").hasSize(3);
            AuditEntry removal = entries.get(0);
            assertThat(removal.subject()).isEqualTo("relay-node:core.v6");
            assertThat(removal.actor()).isEqualTo("cli:ops");
            assertThat(removal.occurredAtMillis()).isEqualTo(NOW.toEpochMilli());
            assertThat(removal.details()).contains("\"action\":\"remove\"", "\"ng\":\"[fd00::7]:22222\"", "\"after\":null");
            assertThat(entries.get(1).details()).contains("\"action\":\"add\"", "\"before\":null", "\"ng\":\"10.0.0.7:2223\"",
                    "\"weight\":50");
            assertThat(db.database().inTransaction(tx -> tx.audit().verify()).intact()).isTrue();
        }
    }
}
