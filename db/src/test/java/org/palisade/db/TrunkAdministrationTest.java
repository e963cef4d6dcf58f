package org.palisade.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.admin.Administration;
import org.palisade.core.admin.TrunkAdministration;
import org.palisade.core.audit.AuditEntry;
import org.palisade.core.audit.AuditQuery;
import org.palisade.core.audit.AuditType;
import org.palisade.core.trunk.Did;
import org.palisade.core.trunk.NewRoute;
import org.palisade.core.trunk.NewTrunk;
import org.palisade.core.trunk.PasswordSealer;
import org.palisade.core.trunk.Route;
import org.palisade.core.trunk.Transport;
import org.palisade.core.trunk.Trunk;
import org.palisade.core.trunk.TrunkChange;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;

/** The trunk admin service against a real database: changes and their audit entries land together, without secrets. */
class TrunkAdministrationTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);
    /** Stands in for SecretBox (pbx-bridge): reversible, and the plain text does not show in it. */
    private static final PasswordSealer SEALER = (purpose, pw) ->
            "t1:" + Base64.getEncoder().encodeToString((purpose + "|" + new StringBuilder(new String(pw)).reverse()).getBytes());

    private static TrunkAdministration admin(TestDatabase db) {
        return new TrunkAdministration(db.database(), SEALER, number -> {
            if (!number.startsWith("+")) {
                throw new IllegalArgumentException("number: E.164 only in this test");
            }
            return number.replace(" ", "");
        }, CLOCK);
    }

    private static List<AuditEntry> audit(TestDatabase db) {
        return db.database().inTransaction(tx -> tx.audit().list(new AuditQuery(null, AuditType.CONFIG_CHANGED, null, 0)));
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void trunkLifecycleIsAuditedWithoutThePassword(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            TrunkAdministration admin = admin(db);
            Trunk added = admin.addTrunk("cli:root", new NewTrunk("PBX1", "pbx.example.com:5070", Transport.TCP, true, "palisade",
                    "first-Secret".toCharArray(), 20, null));
            assertThat(added.name()).isEqualTo("pbx1");
            assertThat(added.peerPort()).isEqualTo(5070);
            assertThat(added.priority()).isEqualTo(Trunk.DEFAULT_PRIORITY);
            String sealedFirst = added.encryptedPassword();
            assertThat(sealedFirst).startsWith("t1:").doesNotContain("first-Secret");

            Trunk changed = admin.updateTrunk("cli:root", "pbx1",
                    new TrunkChange(null, null, null, null, "second-Secret".toCharArray(), null, 5, false));
            assertThat(changed.encryptedPassword()).isNotEqualTo(sealedFirst);
            assertThat(changed.enabled()).isFalse();
            assertThat(changed.peer().toString()).isEqualTo("pbx.example.com:5070");

            admin.removeTrunk("cli:root", "Pbx1");
            assertThat(admin.trunks()).isEmpty();
            assertThatThrownBy(() -> admin.addTrunk("cli:root", new NewTrunk("Status", "pbx.example.com", null, false, null, null, null,
                    null))).as("the web API's path for the trunks' live state").isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("name: 'status' is reserved, choose another name");

            List<AuditEntry> entries = audit(db);
            assertThat(entries).extracting(AuditEntry::subject).containsOnly("trunk:pbx1");
            assertThat(entries.get(2).details()).contains("\"action\":\"add\"", "\"password\":\"set\"", "\"peer\":\"pbx.example.com:5070\"");
            assertThat(entries.get(1).details()).contains("\"action\":\"set\"", "\"password\":\"changed\"", "\"priority\":5");
            assertThat(entries.get(0).details()).contains("\"action\":\"remove\"");
            for (AuditEntry e : entries) {
                assertThat(e.details()).doesNotContain("first-Secret", "second-Secret", "terceS", sealedFirst, changed.encryptedPassword(), "t1:");
            }
            assertThat(db.database().inTransaction(tx -> tx.audit().verify()).intact()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void routesNeedTheirTrunksAndProtectThem(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            TrunkAdministration admin = admin(db);
            admin.addTrunk("cli:root", new NewTrunk("pbx", "192.0.2.10", null, false, null, null, null, null));
            admin.addTrunk("cli:root", new NewTrunk("carrier", "192.0.2.20", null, false, null, null, null, null));

            assertThatThrownBy(() -> admin.addRoute("cli:root", new NewRoute("x", Route.Kind.PREFIX, "+49", 0, null, List.of("ghost"), null)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("trunk: 'ghost' does not exist");
            admin.addRoute("cli:root", new NewRoute("national", Route.Kind.PREFIX, "+49", 3, "0", List.of("pbx"), null));
            admin.addRoute("cli:root", new NewRoute("world", Route.Kind.PREFIX, "+", null, null, List.of("carrier", "pbx"), null));
            admin.addRoute("cli:root", new NewRoute("emergency", Route.Kind.REGEX, "11[02]", null, null, List.of("pbx"), 1));
            assertThat(admin.routes()).extracting(Route::name).containsExactly("emergency", "national", "world");
            assertThatThrownBy(() -> admin.addRoute("cli:root", new NewRoute("late", Route.Kind.PREFIX, "+1", 0, null, List.of("pbx"), 5)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("position: 1 to 4, got 5");
            assertThatThrownBy(() -> admin.addRoute("cli:root", new NewRoute("World", Route.Kind.PREFIX, "+1", 0, null, List.of("pbx"), null)))
                    .isInstanceOf(IllegalStateException.class).hasMessage("route world already exists");

            assertThatThrownBy(() -> admin.removeTrunk("cli:root", "pbx"))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("emergency, national, world");
            admin.removeRoute("cli:root", "national");
            admin.removeRoute("cli:root", "emergency");
            admin.removeRoute("cli:root", "world");
            admin.removeTrunk("cli:root", "pbx");
            assertThatThrownBy(() -> admin.removeRoute("cli:root", "world")).isInstanceOf(NoSuchElementException.class);

            List<AuditEntry> routeEntries = audit(db).stream().filter(e -> e.subject().startsWith("route:")).toList();
            assertThat(routeEntries).hasSize(6);
            assertThat(routeEntries.get(3).details()).isEqualTo("{\"action\":\"add\",\"after\":{\"position\":1,\"prepend\":\"\",\"regex\":\"11[02]\","
                    + "\"strip\":0,\"trunks\":[\"pbx\"]},\"before\":null,\"entity\":\"route\"}");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void didsPointAtExistingExtensions(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            TrunkAdministration admin = admin(db);
            new Administration(db.database(), "palisade.example", CLOCK)
                    .addExtension("cli:root", "1001", "Alice", null, null, "long-enough-pw".toCharArray());
            assertThat(admin.addDid("cli:root", "+49 30 1234567", "1001")).isEqualTo(new Did("+49301234567", "1001"));
            assertThatThrownBy(() -> admin.addDid("cli:root", "+49301234567", "1001")).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> admin.addDid("cli:root", "+49301234568", "4040")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("extension: '4040' does not exist");
            assertThatThrownBy(() -> admin.addDid("cli:root", "0301234568", "1001")).hasMessageStartingWith("number:");
            admin.removeDid("cli:root", "+49 30 1234567");
            assertThat(admin.dids()).isEmpty();
            assertThat(audit(db)).extracting(AuditEntry::subject).containsExactly("did:+49301234567", "did:+49301234567", "extension:1001");
        }
    }
}
