package org.palisade.directory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.palisade.core.directory.DirectorySyncStatus;

/**
 * What one sync run did (or, for a dry run, would do).
 *
 * @param status   the result and counts; stored (and audited) unless this was a dry run
 * @param plan     null when the directory could not be read
 * @param pages    pages the people search took
 * @param failures changes that could not be made (the rest were)
 */
public record SyncReport(boolean dryRun, DirectorySyncStatus status, SyncPlan plan, int pages, List<SyncPlan.Problem> failures) {

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dryRun", dryRun);
        m.putAll(status.describe());
        m.put("pages", pages);
        List<Object> changes = new ArrayList<>();
        List<Object> problems = new ArrayList<>();
        if (plan != null) {
            plan.changes().forEach(c -> changes.add(c.toMap()));
            plan.problems().forEach(p -> problems.add(p.toMap()));
        }
        failures.forEach(p -> problems.add(p.toMap()));
        m.put("changes", changes);
        m.put("problems", problems);
        return m;
    }
}
