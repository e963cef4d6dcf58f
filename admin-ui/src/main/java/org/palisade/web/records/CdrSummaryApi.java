package org.palisade.web.records;

import java.util.Set;
import org.palisade.core.cdr.CdrQuery;
import org.palisade.core.cdr.CdrSummary;
import org.palisade.core.storage.Storage;
import org.palisade.web.api.ApiRequest;
import org.palisade.web.api.ApiResponse;
import org.palisade.web.api.Routes;

/**
 * {@code GET /api/cdr/summary}: calls, answered calls, billsec and duration per UTC month and
 * per extension, department or trunk, over the calls the filters of {@code /api/cdr} select.
 *
 * <pre>
 * GET /api/cdr/summary?from=..&amp;to=..[&amp;filters]&amp;by=extension|department|trunk
 *     200 {"by": "extension",
 *          "rows": [{"month": "2026-11", "key": "1001", "calls", "answered", "billsec", "duration"}],
 *          "total": {"calls", "answered", "billsec", "duration"}}
 * </pre>
 *
 * Each call counts once, for its billing party (see {@link CdrSummary.By}), so the total equals
 * the sum over the detail rows of {@code /api/cdr} with the same filters. {@code key} is null
 * for calls without one (an internal call has no trunk, an extension may have no department).
 */
public final class CdrSummaryApi {

    public static final String PATH = "/api/cdr/summary";
    private static final Set<String> PARAMS = CdrParams.filtersAnd("by");

    record Row(String month, String key, long calls, long answered, long billsec, long duration) {
    }

    record Total(long calls, long answered, long billsec, long duration) {
    }

    record Summary(String by, java.util.List<Row> rows, Total total) {
    }

    private final Storage storage;

    public CdrSummaryApi(Storage storage) {
        this.storage = storage;
    }

    public void register(Routes routes) {
        routes.get(PATH, CdrApi.READERS, this::summary);
    }

    private ApiResponse summary(ApiRequest req) {
        QueryParams p = QueryParams.of(req, PARAMS);
        CdrQuery query = CdrParams.filters(p).build();
        String byText = p.text("by");
        if (byText == null) {
            throw new IllegalArgumentException("by: required: extension, department or trunk");
        }
        CdrSummary.By by = CdrSummary.By.parse(byText);
        CdrSummary s = storage.inTransaction(tx -> tx.cdrs().summarize(query, by));
        CdrSummary.Totals t = s.totals();
        return ApiResponse.ok(new Summary(by.label(),
                s.lines().stream().map(l -> new Row(l.month().toString(), l.key(), l.calls(), l.answered(), l.billsec(),
                        l.durationSeconds())).toList(),
                new Total(t.calls(), t.answered(), t.billsec(), t.durationSeconds())));
    }
}
