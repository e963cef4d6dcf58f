package org.palisade.directory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.palisade.core.directory.DirectoryLink;
import org.palisade.core.extension.Extension;

/**
 * Decides what a sync does, from the people the directory lists and what Palisade has. Pure: no
 * directory, no database, so every rule is tested on its own.
 *
 * <p>Rules (issue 8):
 * <ul>
 *   <li>Each enabled person with a valid number gets an extension of that number, keyed by their
 *       stable id; name, department and profile follow the directory (a hand edit of a managed
 *       extension is undone at the next sync).</li>
 *   <li>A person missing from the directory, disabled there, or without a number any more: their
 *       extension is disabled (bindings dropped), never deleted, and enabled again when they come
 *       back. An extension an admin disabled by hand is not enabled by the sync.</li>
 *   <li>Extensions made by hand (no link) are left alone; a person whose number is one of them is
 *       reported, not merged. So is a number claimed by two people (unless one of them has it already),
 *       and a number that is not valid.</li>
 *   <li>A new number for a person: a new extension (HA1 hashes depend on the number, so it gets new
 *       credentials), the old one disabled and left behind without a key. A number whose person
 *       left (or moved) goes to the next person who has it in the directory, with new credentials.</li>
 * </ul>
 */
public final class SyncPlanner {

    private SyncPlanner() {
    }

    /**
     * @param profileOf  the rights profile of each person (from their groups)
     * @param links      every link row
     * @param extensions every extension, by number
     */
    public static SyncPlan plan(List<Person> people, Function<Person, String> profileOf, List<DirectoryLink> links,
                                Map<String, Extension> extensions, int maxDisablePercent) {
        List<SyncPlan.Problem> problems = new ArrayList<>();
        Map<String, Person> byKey = new HashMap<>();
        Map<String, List<Person>> claims = new TreeMap<>();
        Set<String> blocked = new HashSet<>(); // keys of people whose wish could not be granted: their extension stays as it is

        for (Person p : people) {
            if (p.key() == null) {
                problems.add(problem(p, "has no stable key (the key attribute is empty); skipped"));
                continue;
            }
            if (p.key().length() > DirectoryLink.MAX_KEY_LENGTH) {
                problems.add(problem(p, "stable key longer than " + DirectoryLink.MAX_KEY_LENGTH + " characters; skipped"));
                continue;
            }
            if (byKey.putIfAbsent(p.key(), p) != null) {
                problems.add(problem(p, "has the same stable key as " + byKey.get(p.key()).label() + "; skipped"));
                continue;
            }
            if (p.disabled()) {
                continue;
            }
            if (p.number() == null) {
                if (p.rawNumber() != null) {
                    problems.add(problem(p, "number '" + p.rawNumber() + "' is not 2 to 15 digits once spaces, dashes and '+' are"
                            + " removed; skipped"));
                    blocked.add(p.key());
                }
                continue;
            }
            claims.computeIfAbsent(p.number(), n -> new ArrayList<>()).add(p);
        }

        Map<String, DirectoryLink> linkByNumber = new HashMap<>();
        Map<String, DirectoryLink> linkByKey = new HashMap<>();
        for (DirectoryLink l : links) {
            linkByNumber.put(l.extension(), l);
            if (l.directoryKey() != null) {
                linkByKey.put(l.directoryKey(), l);
            }
        }

        // who gets which number
        Map<String, Person> winners = new TreeMap<>();
        for (Map.Entry<String, List<Person>> claim : claims.entrySet()) {
            String n = claim.getKey();
            List<Person> claimers = claim.getValue();
            DirectoryLink l = linkByNumber.get(n);
            Person winner;
            if (claimers.size() == 1) {
                winner = claimers.get(0);
            } else {
                String holder = l == null ? null : l.directoryKey();
                winner = claimers.stream().filter(p -> p.key().equals(holder)).findFirst().orElse(null);
                for (Person p : claimers) {
                    if (p != winner) {
                        problems.add(problem(p, winner != null ? "number " + n + " belongs to " + winner.label() + "; skipped"
                                : "number " + n + " is given to several people (" + String.join(", ",
                                claimers.stream().map(Person::label).toList()) + "); skipped"));
                        blocked.add(p.key());
                    }
                }
                if (winner == null) {
                    continue;
                }
            }
            if (extensions.containsKey(n) && l == null) {
                problems.add(problem(winner, "number " + n + " belongs to an extension made by hand; not merged (remove or renumber"
                        + " that extension, or change the number in the directory)"));
                blocked.add(winner.key());
                continue;
            }
            winners.put(n, winner);
        }
        // a number still held by someone who keeps it (their own new number could not be granted) is not free
        boolean changed = true;
        while (changed) {
            changed = false;
            for (var it = winners.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Person> w = it.next();
                DirectoryLink l = linkByNumber.get(w.getKey());
                String holder = l == null ? null : l.directoryKey();
                if (holder != null && !holder.equals(w.getValue().key()) && blocked.contains(holder)) {
                    problems.add(problem(w.getValue(), "number " + w.getKey() + " still belongs to " + label(byKey.get(holder), l)
                            + "; skipped"));
                    blocked.add(w.getValue().key());
                    it.remove();
                    changed = true;
                }
            }
        }

        List<PlannedChange> changes = new ArrayList<>();
        List<DirectoryLink> upkeep = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        int unchanged = 0;
        Set<String> winnerKeys = new HashSet<>();
        for (Map.Entry<String, Person> w : winners.entrySet()) {
            String n = w.getKey();
            Person p = w.getValue();
            winnerKeys.add(p.key());
            DirectoryLink l = linkByNumber.get(n);
            Extension e = extensions.get(n);
            String profile = profileOf.apply(p);
            DirectoryLink newLink = new DirectoryLink(n, p.key(), p.dn(), p.login(), false);
            DirectoryLink previous = linkByKey.get(p.key());
            String movedFrom = previous != null && !previous.extension().equals(n) ? previous.extension() : null;
            Map<String, PlannedChange.Field> fields = new LinkedHashMap<>();
            if (movedFrom != null) {
                fields.put("number", new PlannedChange.Field(movedFrom, n));
            }
            if (e == null) {
                fields.put("name", new PlannedChange.Field(null, p.name()));
                fields.put("department", new PlannedChange.Field(null, p.department()));
                fields.put("profile", new PlannedChange.Field(null, profile));
                changes.add(new PlannedChange(PlannedChange.Action.CREATE, n, p.label(), fields, p.name(), p.department(), profile,
                        true, null, false, newLink));
            } else if (l != null && p.key().equals(l.directoryKey())) {
                diff(fields, e, p, profile);
                if (!e.enabled() && l.disabledByDirectory()) {
                    fields.put("enabled", new PlannedChange.Field(false, true));
                    changes.add(new PlannedChange(PlannedChange.Action.ENABLE, n, p.label(), fields, p.name(), p.department(), profile,
                            false, "back in the directory", false, newLink));
                } else if (!fields.isEmpty()) {
                    changes.add(new PlannedChange(PlannedChange.Action.UPDATE, n, p.label(), fields, p.name(), p.department(), profile,
                            false, null, false, newLink));
                } else {
                    unchanged++;
                    if (!Objects.equals(l.dn(), newLink.dn()) || !Objects.equals(l.login(), newLink.login())) {
                        upkeep.add(newLink);
                    }
                }
            } else {
                // the extension of someone who left or moved: it becomes this person's, with new credentials
                diff(fields, e, p, profile);
                if (!e.enabled()) {
                    fields.put("enabled", new PlannedChange.Field(false, true));
                }
                fields.put("password", new PlannedChange.Field("old", "new"));
                String from = l.directoryKey() == null ? "an extension left behind" : "the extension of " + label(byKey.get(l.directoryKey()), l);
                changes.add(new PlannedChange(PlannedChange.Action.CREATE, n, p.label(), fields, p.name(), p.department(), profile,
                        true, "takes over " + from, false, newLink));
            }
        }

        int guardDisables = 0;
        int guardBase = 0;
        for (DirectoryLink l : links) {
            Extension e = extensions.get(l.extension());
            if (e == null) {
                if (!winners.containsKey(l.extension())) {
                    stale.add(l.extension()); // removed by hand; a person who still has the number gets it again above
                }
                continue;
            }
            if (l.directoryKey() != null && e.enabled()) {
                guardBase++;
            }
            if (winners.containsKey(l.extension()) || l.directoryKey() == null) {
                continue;
            }
            Person p = byKey.get(l.directoryKey());
            if (p != null && blocked.contains(p.key())) {
                continue; // reported above; their extension stays as it is
            }
            String reason;
            boolean move = false;
            if (p == null) {
                reason = "no longer in the directory (or outside the user filter)";
            } else if (p.disabled()) {
                reason = "disabled in the directory";
            } else if (p.number() == null) {
                reason = "no number in the directory";
            } else if (winnerKeys.contains(p.key())) {
                reason = "moved to " + p.number();
                move = true;
            } else {
                continue; // not reachable: a person with a valid number either won it or is blocked
            }
            DirectoryLink after = move ? new DirectoryLink(l.extension(), null, l.dn(), l.login(), true)
                    : new DirectoryLink(l.extension(), l.directoryKey(), p == null ? l.dn() : p.dn(), p == null ? l.login() : p.login(), true);
            if (e.enabled()) {
                Map<String, PlannedChange.Field> fields = new LinkedHashMap<>();
                fields.put("enabled", new PlannedChange.Field(true, false));
                changes.add(new PlannedChange(PlannedChange.Action.DISABLE, l.extension(), p == null ? l.login() : p.label(), fields,
                        null, null, null, false, reason, move, after));
                if (!move) {
                    guardDisables++;
                }
            } else if (move) {
                upkeep.add(after); // already disabled: it only loses its key
            }
        }
        return new SyncPlan(people.size(), changes, problems, upkeep, stale, unchanged, guardDisables, guardBase, maxDisablePercent);
    }

    private static void diff(Map<String, PlannedChange.Field> fields, Extension e, Person p, String profile) {
        if (!e.name().equals(p.name())) {
            fields.put("name", new PlannedChange.Field(e.name(), p.name()));
        }
        if (!Objects.equals(e.department(), p.department())) {
            fields.put("department", new PlannedChange.Field(e.department(), p.department()));
        }
        if (!e.profile().equals(profile)) {
            fields.put("profile", new PlannedChange.Field(e.profile(), profile));
        }
    }

    private static String label(Person p, DirectoryLink l) {
        return p != null ? p.label() : l.login() != null ? l.login() : l.dn() != null ? l.dn() : "someone else";
    }

    private static SyncPlan.Problem problem(Person p, String message) {
        return new SyncPlan.Problem(p.login(), p.dn(), message);
    }
}
