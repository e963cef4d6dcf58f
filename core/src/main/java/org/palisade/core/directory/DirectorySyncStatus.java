package org.palisade.core.directory;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the last directory sync did, whoever ran it ({@code serve}'s schedule or the CLI, on any
 * node): kept in the database, so {@code directory status} shows it everywhere.
 *
 * @param trigger  {@code schedule} or the CLI actor ({@code cli:USER})
 * @param people   entries the user filter found
 * @param problems people that could not be synced (bad number, number taken, ...), and changes that failed
 * @param error    why the run failed or stopped; null when it did not
 */
public record DirectorySyncStatus(long startedAtMillis, long finishedAtMillis, Result result, String trigger, boolean forced,
                                  int people, int created, int updated, int disabled, int enabled, int unchanged, int problems,
                                  String error) {

    public enum Result {
        /** Every planned change was made (people with problems are counted, not a failure). */
        OK,
        /** Nothing or not everything was done: the directory could not be read, or changes failed. */
        FAILED,
        /** The mass-disable guard stopped the run before any change. */
        GUARDED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public DirectorySyncStatus {
        if (error != null && error.length() > 2000) {
            error = error.substring(0, 2000);
        }
    }

    /** The counts and result as the audit entry, the CLI's JSON and the web show them. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("result", result.label());
        m.put("trigger", trigger);
        m.put("forced", forced);
        m.put("people", people);
        m.put("created", created);
        m.put("updated", updated);
        m.put("disabled", disabled);
        m.put("enabled", enabled);
        m.put("unchanged", unchanged);
        m.put("problems", problems);
        m.put("durationMillis", finishedAtMillis - startedAtMillis);
        m.put("error", error);
        return m;
    }
}
