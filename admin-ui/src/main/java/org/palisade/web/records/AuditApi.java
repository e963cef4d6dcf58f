package org.palisade.web.records;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.palisade.core.account.Role;
import org.palisade.core.audit.AuditEntry;
import org.palisade.core.audit.AuditQuery;
import org.palisade.core.audit.AuditType;
import org.palisade.core.audit.VerifyResult;
import org.palisade.core.storage.Storage;
import org.palisade.web.api.ApiRequest;
import org.palisade.web.api.ApiResponse;
import org.palisade.web.api.Json;
import org.palisade.web.api.Routes;

/**
 * The audit log, read only: there is no route that changes or removes an entry, for any role
 * (separation of duties: admins do not control the trail of what they did).
 *
 * <pre>
 * GET /api/audit?[from=..][&amp;to=..][&amp;type=CONFIG_CHANGED[,LOGON_FAILED..]][&amp;actor=web:alice|web|cli][&amp;subject=..]
 *               [&amp;limit=100 (at most 1000)][&amp;cursor=NEXT]
 *     200 {"items": [{"seq","time","type","actor","subject","source","details"}], "next": "CURSOR" | null}
 * GET /api/audit/verify
 *     200 {"ok": true|false, "entries": n, "firstBad": seq | null, "problem": text | null}
 * </pre>
 *
 * Newest first; {@code from} inclusive, {@code to} exclusive. {@code type} may name several types,
 * comma-separated or repeated ({@code type=A&type=B}): entries of any of them. {@code actor} matches
 * exactly, or as the part before a colon ({@code web} finds every web user). The cursor is the sequence number
 * of the last entry shown: the next page starts below it, whatever was appended meanwhile.
 * {@code details} is the entry's JSON object.
 */
public final class AuditApi {

    public static final String PATH = "/api/audit";
    static final Set<Role> READERS = EnumSet.of(Role.ADMIN, Role.AUDITOR);
    private static final Set<String> PARAMS = Set.of("from", "to", "type", "actor", "subject", "limit", "cursor");

    record Entry(long seq, Instant time, String type, String actor, String subject, String source, Object details) {
        static Entry of(AuditEntry e) {
            return new Entry(e.seq(), e.occurredAt(), e.type().name(), e.actor(), e.subject(), e.source(), details(e.details()));
        }

        /** The stored canonical JSON as a JSON value; text that is not JSON stays text. */
        private static Object details(String json) {
            if (json == null) {
                return null;
            }
            try {
                return Json.mapper().readTree(json);
            } catch (JsonProcessingException e) {
                return json;
            }
        }
    }

    record Verification(boolean ok, long entries, Long firstBad, String problem) {
        static Verification of(VerifyResult r) {
            return new Verification(r.intact(), r.entriesChecked(), r.intact() ? null : r.firstBadSeq(), r.problem());
        }
    }

    private final Storage storage;

    public AuditApi(Storage storage) {
        this.storage = storage;
    }

    public void register(Routes routes) {
        routes.get(PATH, READERS, this::list)
                .get(PATH + "/verify", READERS, req -> {
                    QueryParams.of(req, Set.of());
                    return ApiResponse.ok(Verification.of(storage.inTransaction(tx -> tx.audit().verify())));
                });
    }

    private ApiResponse list(ApiRequest req) {
        QueryParams p = QueryParams.of(req, PARAMS, Set.of("type"));
        int limit = p.limit("limit", CdrApi.DEFAULT_LIMIT, CdrApi.MAX_LIMIT);
        AuditQuery query = new AuditQuery(p.instant("from", false), p.instant("to", false), types(p.list("type")),
                p.text("actor", 128), p.text("subject", 255), cursor(p.text("cursor")), limit + 1);
        // one more than shown: whether it comes back says for certain whether there is a next page
        List<AuditEntry> found = storage.inTransaction(tx -> tx.audit().list(query));
        List<Entry> items = found.stream().limit(limit).map(Entry::of).toList();
        String next = found.size() > limit ? Long.toString(found.get(limit - 1).seq()) : null;
        return ApiResponse.ok(new Page<>(items, next));
    }

    private static Set<AuditType> types(List<String> texts) {
        Set<AuditType> types = EnumSet.noneOf(AuditType.class);
        for (String text : texts) {
            try {
                types.add(AuditType.valueOf(text.toUpperCase(Locale.ROOT).replace('-', '_')));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("type: one of " + Arrays.stream(AuditType.values()).map(Enum::name)
                        .collect(Collectors.joining(", ")) + ", got '" + text + "'");
            }
        }
        return types;
    }

    private static Long cursor(String token) {
        if (token == null) {
            return null;
        }
        if (token.matches("[1-9][0-9]{0,17}")) {
            return Long.parseLong(token);
        }
        throw new IllegalArgumentException("cursor: not the \"next\" of a previous page, got '" + token + "'");
    }
}
