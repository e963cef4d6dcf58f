package org.palisade.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.trunk.Did;
import org.palisade.core.trunk.Route;
import org.palisade.core.trunk.Transport;
import org.palisade.core.trunk.Trunk;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;

/** The trunk, route and DID stores on both databases. */
class TrunkStoreTest {

    static Trunk staticTrunk(String name) {
        return new Trunk(name, "192.0.2.10", null, Transport.UDP, false, null, null, 0, 100, true);
    }

    static Trunk registering(String name) {
        return new Trunk(name, "2001:db8::5", 5061, Transport.TLS, true, "palisade", "v1:c2VhbGVk", 30, 10, true);
    }

    static Route route(String name, int position, String... trunks) {
        return new Route(name, position, Route.Kind.PREFIX, "+49", 3, "0", List.of(trunks));
    }

    private static void run(Database d, java.util.function.Consumer<org.palisade.core.storage.Transaction> work) {
        d.inTransaction(tx -> {
            work.accept(tx);
            return null;
        });
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void trunksRoundTrip(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            Database d = db.database();
            run(d, tx -> {
                tx.trunks().insert(staticTrunk("pbx-b"));
                tx.trunks().insert(registering("pbx-a"));
            });
            assertThat(d.<List<Trunk>>inTransaction(tx -> tx.trunks().list())).containsExactly(registering("pbx-a"), staticTrunk("pbx-b"));
            assertThat(db.queryString("SELECT CONCAT(transport, '|', password_sealed) FROM trunk WHERE name = 'pbx-a'"))
                    .isEqualTo("TLS|v1:c2VhbGVk");

            Trunk changed = new Trunk("pbx-b", "pbx.example.com", 5080, Transport.TCP, true, "u", "v1:bmV3", 5, 1, false);
            run(d, tx -> tx.trunks().update(changed));
            assertThat(d.<java.util.Optional<Trunk>>inTransaction(tx -> tx.trunks().find("pbx-b"))).contains(changed);

            assertThatThrownBy(() -> run(d, tx -> tx.trunks().insert(staticTrunk("pbx-a"))))
                    .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("trunk pbx-a conflicts");
            assertThatThrownBy(() -> run(d, tx -> tx.trunks().update(staticTrunk("ghost")))).isInstanceOf(NoSuchElementException.class);

            run(d, tx -> tx.trunks().delete("pbx-a"));
            assertThat(d.<List<Trunk>>inTransaction(tx -> tx.trunks().list())).extracting(Trunk::name).containsExactly("pbx-b");
            assertThatThrownBy(() -> run(d, tx -> tx.trunks().delete("pbx-a"))).isInstanceOf(NoSuchElementException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void routesKeepTheirOrderAndTrunkLists(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            Database d = db.database();
            run(d, tx -> {
                tx.trunks().insert(staticTrunk("pbx"));
                tx.trunks().insert(staticTrunk("carrier"));
                tx.routes().lock();
                tx.routes().insert(route("a", 1, "pbx"));
                tx.routes().insert(route("c", 2, "carrier", "pbx"));
                tx.routes().insert(new Route("b", 2, Route.Kind.REGEX, "\\+49(30|40).*", 0, "", List.of("pbx", "carrier")));
            });
            List<Route> routes = d.inTransaction(tx -> tx.routes().list());
            assertThat(routes).extracting(Route::name).containsExactly("a", "b", "c");
            assertThat(routes).extracting(Route::position).containsExactly(1, 2, 3);
            assertThat(routes.get(1).trunks()).containsExactly("pbx", "carrier");
            assertThat(routes.get(1).pattern()).isEqualTo("\\+49(30|40).*");
            assertThat(routes.get(2).trunks()).containsExactly("carrier", "pbx");
            assertThat(d.<java.util.Optional<Route>>inTransaction(tx -> tx.routes().find("c"))).contains(route("c", 3, "carrier", "pbx"));
            assertThat(d.<List<String>>inTransaction(tx -> tx.routes().usingTrunk("carrier"))).containsExactly("b", "c");

            run(d, tx -> tx.routes().delete("a"));
            assertThat(d.<List<Route>>inTransaction(tx -> tx.routes().list())).extracting(Route::name, Route::position)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("b", 1), org.assertj.core.groups.Tuple.tuple("c", 2));
            assertThat(db.queryString("SELECT COUNT(*) FROM dial_route_trunk WHERE route_name = 'a'")).isEqualTo("0");
            assertThatThrownBy(() -> run(d, tx -> tx.routes().delete("a"))).isInstanceOf(NoSuchElementException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void theDatabaseRefusesToDropATrunkARouteNames(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            Database d = db.database();
            run(d, tx -> {
                tx.trunks().insert(staticTrunk("pbx"));
                tx.routes().insert(route("a", 1, "pbx"));
            });
            assertThatThrownBy(() -> run(d, tx -> tx.trunks().delete("pbx"))).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> run(d, tx -> tx.routes().insert(route("b", 2, "ghost")))).isInstanceOf(IllegalStateException.class);
            assertThat(d.<List<Route>>inTransaction(tx -> tx.routes().list())).extracting(Route::name).containsExactly("a");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void didsRoundTrip(TestDb kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            Database d = db.database();
            run(d, tx -> {
                tx.dids().insert(new Did("+49301234568", "1002"));
                tx.dids().insert(new Did("+49301234567", "1001"));
            });
            assertThat(d.<List<Did>>inTransaction(tx -> tx.dids().list())).containsExactly(new Did("+49301234567", "1001"),
                    new Did("+49301234568", "1002"));
            assertThat(d.<java.util.Optional<Did>>inTransaction(tx -> tx.dids().find("+49301234568"))).contains(new Did("+49301234568", "1002"));
            assertThatThrownBy(() -> run(d, tx -> tx.dids().insert(new Did("+49301234567", "1003"))))
                    .isInstanceOf(IllegalStateException.class);
            run(d, tx -> tx.dids().delete("+49301234567"));
            assertThat(d.<java.util.Optional<Did>>inTransaction(tx -> tx.dids().find("+49301234567"))).isEmpty();
            assertThatThrownBy(() -> run(d, tx -> tx.dids().delete("+49301234567"))).isInstanceOf(NoSuchElementException.class);
        }
    }
}
