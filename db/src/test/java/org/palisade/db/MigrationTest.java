package org.palisade.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.audit.AuditHead;
import org.palisade.core.rights.RightsProfile;
import org.palisade.core.rights.ServiceRight;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;

class MigrationTest {

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void theOneMigrationAppliesAndCreatesEveryTable(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            assertThat(db.queryString("SELECT COUNT(*) FROM flyway_schema_history WHERE version = '1' AND success = TRUE"))
                    .isEqualTo("1");
            for (String table : new String[] {"rights_profile", "extension", "binding", "audit_log", "audit_head"}) {
                assertThat(db.queryString("SELECT COUNT(*) FROM " + table)).as(table).isNotNull();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void seedsTheDefaultProfileAndAnEmptyChain(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            RightsProfile standard = db.database().inTransaction(tx -> tx.profiles().find(RightsProfile.DEFAULT)).orElseThrow();
            assertThat(standard.rights())
                    .isEqualTo(EnumSet.of(ServiceRight.VOICE, ServiceRight.VIDEO, ServiceRight.CHAT, ServiceRight.FILE_TRANSFER));
            AuditHead head = db.database().inTransaction(tx -> tx.audit().head());
            assertThat(head).isEqualTo(AuditHead.EMPTY);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void openingAMigratedDatabaseAgainChangesNothing(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            String history = "SELECT COUNT(*) FROM flyway_schema_history";
            String before = db.queryString(history);
            db.database().close();
            try (Database second = new Database(db.settings())) {
                assertThat(db.queryString(history)).isEqualTo(before);
                List<RightsProfile> profiles = second.inTransaction(tx -> tx.profiles().list());
                assertThat(profiles).hasSize(1);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void theAuditHeadCannotGetASecondRow(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            assertThatThrownBy(() -> db.execute(
                            "INSERT INTO audit_head (id, last_seq, last_hash) VALUES (2, 0, '" + "0".repeat(64) + "')"))
                    .isInstanceOf(IllegalStateException.class);
        }
    }
}
