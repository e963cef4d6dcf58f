package org.palisade.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.palisade.core.directory.DirectoryLink;
import org.palisade.core.extension.Extension;

/** The sync's rules, without a directory or a database. */
class SyncPlannerTest {

    private static Person person(String key, String number) {
        return new Person("uid=" + key + ",dc=x", "uid=" + key + ",dc=x", key, List.of(key), number, PhoneNumbers.normalize(number).orElse(null),
                "Name " + key, null, null, false, Set.of());
    }

    private static Person disabled(String key, String number) {
        Person p = person(key, number);
        return new Person(p.dn(), p.normalizedDn(), key, p.logins(), number, p.number(), p.name(), null, null, true, Set.of());
    }

    private static Extension ext(String number, String name, boolean enabled) {
        return new Extension(number, name, null, "default", "0".repeat(32), "0".repeat(64), enabled);
    }

    private static DirectoryLink link(String number, String key) {
        return new DirectoryLink(number, key, "uid=" + key + ",dc=x", key, false);
    }

    private static SyncPlan plan(List<Person> people, List<DirectoryLink> links, List<Extension> extensions, int percent) {
        Map<String, Extension> byNumber = new HashMap<>();
        extensions.forEach(e -> byNumber.put(e.number(), e));
        return SyncPlanner.plan(people, p -> "default", links, byNumber, percent);
    }

    @Test
    void numbersAreNormalisedOrRefused() {
        assertThat(PhoneNumbers.normalize("+49 30 1234-567")).contains("49301234567");
        assertThat(PhoneNumbers.normalize(" 1001 ")).contains("1001");
        assertThat(PhoneNumbers.normalize("1")).isEmpty();
        assertThat(PhoneNumbers.normalize("ext. 12")).isEmpty();
        assertThat(PhoneNumbers.normalize("1234567890123456")).as("16 digits").isEmpty();
        assertThat(PhoneNumbers.normalize(null)).isEmpty();
    }

    @Test
    void aNumberTwoPeopleClaimGoesToNeitherUnlessOneHasItAlready() {
        SyncPlan fresh = plan(List.of(person("a", "1001"), person("b", "1001")), List.of(), List.of(), 20);
        assertThat(fresh.changes()).isEmpty();
        assertThat(fresh.problems()).extracting(SyncPlan.Problem::problem).allMatch(p -> p.contains("several people"));

        SyncPlan held = plan(List.of(person("a", "1001"), person("b", "1001")), List.of(link("1001", "a")),
                List.of(ext("1001", "Name a", true)), 20);
        assertThat(held.changes()).isEmpty();
        assertThat(held.unchanged()).isEqualTo(1);
        assertThat(held.problems()).singleElement().satisfies(p -> {
            assertThat(p.login()).isEqualTo("b");
            assertThat(p.problem()).contains("belongs to a");
        });
    }

    @Test
    void aPersonWhoseNewNumberCannotBeGrantedKeepsTheOldExtension() {
        // a moves to 1002, which is made by hand: reported, and 1001 stays a's, enabled
        SyncPlan p = plan(List.of(person("a", "1002")), List.of(link("1001", "a")),
                List.of(ext("1001", "Name a", true), ext("1002", "Hand", true)), 20);
        assertThat(p.changes()).isEmpty();
        assertThat(p.problems()).singleElement().extracting(SyncPlan.Problem::problem).asString().contains("made by hand");

        // and a bad number in the directory does not disable anyone
        SyncPlan typo = plan(List.of(person("a", "call me")), List.of(link("1001", "a")), List.of(ext("1001", "Name a", true)), 20);
        assertThat(typo.changes()).isEmpty();
        assertThat(typo.problems()).singleElement().extracting(SyncPlan.Problem::problem).asString().contains("'call me'");
    }

    @Test
    void twoPeopleSwapNumbers() {
        SyncPlan p = plan(List.of(person("a", "1002"), person("b", "1001")), List.of(link("1001", "a"), link("1002", "b")),
                List.of(ext("1001", "Name a", true), ext("1002", "Name b", true)), 20);
        assertThat(p.changes()).extracting(PlannedChange::action).containsOnly(PlannedChange.Action.CREATE);
        assertThat(p.changes()).allMatch(PlannedChange::takeover).extracting(PlannedChange::extension).containsExactlyInAnyOrder("1001", "1002");
        assertThat(p.guardDisables()).isZero();
        assertThat(p.problems()).isEmpty();
    }

    @Test
    void theGuardCountsLeaversNotMovers() {
        List<Person> people = new ArrayList<>();
        List<DirectoryLink> links = new ArrayList<>();
        List<Extension> exts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String n = String.valueOf(2000 + i);
            links.add(link(n, "k" + i));
            exts.add(ext(n, "Name k" + i, true));
            if (i >= 2) {
                people.add(i == 2 ? person("k2", "2999") : person("k" + i, n));
            }
        }
        // k0 and k1 gone (2 of 10 = 20%: not more than 20%), k2 moved (not counted)
        SyncPlan atLimit = plan(people, links, exts, 20);
        assertThat(atLimit.guardDisables()).isEqualTo(2);
        assertThat(atLimit.guardBase()).isEqualTo(10);
        assertThat(atLimit.guardTripped()).isFalse();
        assertThat(plan(people, links, exts, 19).guardTripped()).isTrue();
        // k3 disabled in the directory as well: 3 of 10
        people.set(1, disabled("k3", "2003"));
        SyncPlan over = plan(people, links, exts, 20);
        assertThat(over.guardDisables()).isEqualTo(3);
        assertThat(over.guardTripped()).isTrue();
        assertThat(over.guardMessage()).contains("3 of 10", "30.0%");
        // an empty directory is the classic outage: everything would go
        assertThat(plan(List.of(), links, exts, 20).guardTripped()).isTrue();
        assertThat(plan(List.of(), links, exts, 100).guardTripped()).as("100% allows anything").isFalse();
    }

    @Test
    void anExtensionRemovedByHandIsMadeAgainOrItsLinkTidied() {
        SyncPlan again = plan(List.of(person("a", "1001")), List.of(link("1001", "a")), List.of(), 20);
        assertThat(again.changes()).singleElement().satisfies(c -> {
            assertThat(c.action()).isEqualTo(PlannedChange.Action.CREATE);
            assertThat(c.takeover()).isFalse();
        });
        SyncPlan gone = plan(List.of(), List.of(link("1001", "a")), List.of(), 20);
        assertThat(gone.changes()).isEmpty();
        assertThat(gone.staleLinks()).containsExactly("1001");
    }

    @Test
    void fieldsFollowTheDirectory() {
        Extension edited = new Extension("1001", "Edited By Hand", "Old Dept", "default", "0".repeat(32), "0".repeat(64), true);
        Person a = new Person("uid=a,dc=x", "uid=a,dc=x", "a", List.of("a"), "1001", "1001", "Name a", "New Dept", null, false, Set.of());
        SyncPlan p = SyncPlanner.plan(List.of(a), x -> "sales", List.of(link("1001", "a")), Map.of("1001", edited), 20);
        assertThat(p.changes()).singleElement().extracting(PlannedChange::describe)
                .isEqualTo("update 1001 (a): name 'Edited By Hand' -> 'Name a', department 'Old Dept' -> 'New Dept', profile 'default' -> 'sales'");
    }
}
