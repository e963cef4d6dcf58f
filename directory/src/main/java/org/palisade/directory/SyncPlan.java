package org.palisade.directory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.palisade.core.directory.DirectoryLink;

/**
 * What a sync would do: the changes (in the order they are made), the people it cannot sync and
 * why, and the mass-disable guard's verdict. Made by {@link SyncPlanner}; changes nothing.
 *
 * @param linkUpkeep     link rows to write (a person's DN or login changed) or to drop (their
 *                       extension was removed by hand): bookkeeping, not changes anyone sees
 * @param staleLinks     extensions whose link row goes, because the extension no longer exists
 * @param guardDisables  disables the guard counts (moves to another number are not)
 * @param guardBase      enabled extensions the directory manages
 */
public record SyncPlan(int people, List<PlannedChange> changes, List<Problem> problems, List<DirectoryLink> linkUpkeep,
                       List<String> staleLinks, int unchanged, int guardDisables, int guardBase, int maxDisablePercent) {

    /** A person the sync skips, and why. */
    public record Problem(String login, String dn, String problem) {

        public String describe() {
            return (login != null ? login : dn) + ": " + problem;
        }

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("login", login);
            m.put("dn", dn);
            m.put("problem", problem);
            return m;
        }
    }

    public long count(PlannedChange.Action action) {
        return changes.stream().filter(c -> c.action() == action).count();
    }

    /** The run would disable more than the allowed share of the directory's enabled extensions. */
    public boolean guardTripped() {
        return guardBase > 0 && (long) guardDisables * 100 > (long) maxDisablePercent * guardBase;
    }

    public String guardMessage() {
        return "would disable " + guardDisables + " of " + guardBase + " directory extensions (" + percent() + "%), more than the "
                + maxDisablePercent + "% allowed (max-disable-percent); nothing was changed. Check the directory and the user filter,"
                + " then run `palisade directory sync --force` if this is right";
    }

    private String percent() {
        return String.format(java.util.Locale.ROOT, "%.1f", guardDisables * 100.0 / guardBase);
    }
}
