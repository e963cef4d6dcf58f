package org.palisade.web.records;

import java.util.EnumSet;
import java.util.Set;
import org.palisade.core.account.Role;
import org.palisade.core.cdr.CdrCursor;
import org.palisade.core.cdr.CdrPage;
import org.palisade.core.cdr.CdrQuery;
import org.palisade.core.storage.Storage;
import org.palisade.web.api.ApiRequest;
import org.palisade.web.api.ApiResponse;
import org.palisade.web.api.Routes;

/**
 * {@code GET /api/cdr}: call records of a period, newest first, a page at a time.
 *
 * <pre>
 * GET /api/cdr?from=2026-11-01&amp;to=2026-12-01[&amp;extension=&amp;direction=&amp;disposition=&amp;trunk=&amp;department=]
 *             [&amp;limit=100 (at most 1000)][&amp;cursor=NEXT]
 *     200 {"items": [Cdr], "next": "CURSOR" | null}
 * </pre>
 *
 * The cursor is the position of the page's last record (keyset, not an offset): page 1,000
 * costs what page 1 costs, and calls written meanwhile do not shift the pages.
 */
public final class CdrApi {

    public static final String PATH = "/api/cdr";
    /** Everyone who may read call records: finance bills them, auditors check them. */
    static final Set<Role> READERS = EnumSet.of(Role.ADMIN, Role.AUDITOR, Role.FINANCE);
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    private static final Set<String> PARAMS = CdrParams.filtersAnd("limit", "cursor");

    private final Storage storage;

    public CdrApi(Storage storage) {
        this.storage = storage;
    }

    public void register(Routes routes) {
        routes.get(PATH, READERS, this::list);
    }

    private ApiResponse list(ApiRequest req) {
        QueryParams p = QueryParams.of(req, PARAMS);
        CdrQuery query = CdrParams.filters(p).limit(p.limit("limit", DEFAULT_LIMIT, MAX_LIMIT)).after(cursor(p.text("cursor")))
                .build();
        CdrPage page = storage.inTransaction(tx -> tx.cdrs().page(query));
        return ApiResponse.ok(new Page<>(page.records().stream().map(CdrView::of).toList(),
                page.next() == null ? null : page.next().token()));
    }

    private static CdrCursor cursor(String token) {
        if (token == null) {
            return null;
        }
        try {
            return CdrCursor.parse(token);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cursor: not the \"next\" of a previous page, got '" + token + "'");
        }
    }
}
