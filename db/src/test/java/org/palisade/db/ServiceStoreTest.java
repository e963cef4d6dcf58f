package org.palisade.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.rights.ServiceRight;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;

class ServiceStoreTest {

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void switchesOffAndOnOnceEach(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            Database d = db.database();
            Set<ServiceRight> none = d.inTransaction(tx -> tx.services().disabled());
            assertThat(none).isEmpty();

            boolean first = d.inTransaction(tx -> tx.services().disable(ServiceRight.VIDEO, "cli:root", 1000));
            boolean again = d.inTransaction(tx -> tx.services().disable(ServiceRight.VIDEO, "cli:root", 2000));
            d.inTransaction(tx -> tx.services().disable(ServiceRight.EXTERNAL_OUT, "cli:root", 3000));
            assertThat(first).isTrue();
            assertThat(again).as("already off").isFalse();
            Set<ServiceRight> off = d.inTransaction(tx -> tx.services().disabled());
            assertThat(off).containsExactlyInAnyOrder(ServiceRight.VIDEO, ServiceRight.EXTERNAL_OUT);
            assertThat(db.queryString("SELECT disabled_by FROM disabled_service WHERE service = 'video'")).isEqualTo("cli:root");

            boolean enabled = d.inTransaction(tx -> tx.services().enable(ServiceRight.VIDEO));
            boolean enabledAgain = d.inTransaction(tx -> tx.services().enable(ServiceRight.VIDEO));
            assertThat(enabled).isTrue();
            assertThat(enabledAgain).isFalse();
            Set<ServiceRight> left = d.inTransaction(tx -> tx.services().disabled());
            assertThat(left).containsExactly(ServiceRight.EXTERNAL_OUT);
        }
    }
}
