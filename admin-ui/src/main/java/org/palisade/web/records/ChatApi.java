package org.palisade.web.records;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.palisade.core.audit.AuditType;
import org.palisade.core.chat.ChatMessage;
import org.palisade.core.chat.ChatQuery;
import org.palisade.core.storage.Storage;
import org.palisade.web.api.ApiRequest;
import org.palisade.web.api.ApiResponse;
import org.palisade.web.api.Routes;
import org.palisade.web.api.WebAudit;

/**
 * {@code GET /api/chat}: searches the chat archive, read only (no route changes or removes a
 * message, for any role).
 *
 * <pre>
 * GET /api/chat?[q=TEXT][&amp;extension=N][&amp;from=..][&amp;to=..][&amp;limit=100 (at most 1000)]
 *     200 [{"id","time","from","to","contentType","encoding","body","state","sipCode"}]   newest first
 * </pre>
 *
 * {@code q} is matched literally (% and _ are plain characters) and case-insensitively in text
 * bodies; {@code extension} as sender or recipient. {@code body} is the text itself when
 * {@code encoding} is TEXT, base64 of the bytes received when it is BASE64 (a file, an image).
 *
 * <p><b>Audit</b>: every search is a CHAT_SEARCHED entry with the searcher as actor, the query
 * and how many messages it found, never a message body. It is written after the search and
 * before the answer: results are never shown without their entry (if it cannot be written, the
 * request fails).
 */
public final class ChatApi {

    public static final String PATH = "/api/chat";
    private static final Set<String> PARAMS = Set.of("q", "extension", "from", "to", "limit");
    /** As the CLI's {@code chat search}. */
    private static final int MAX_TEXT = 1000;

    record Message(Long id, Instant time, String from, String to, String contentType, String encoding, String body,
                   String state, Integer sipCode) {
        static Message of(ChatMessage m) {
            return new Message(m.id(), m.sentAt(), m.sender(), m.recipient(), m.contentType(), m.encoding().name(), m.body(),
                    m.state().name(), m.sipCode());
        }
    }

    private final Storage storage;
    private final WebAudit audit;

    public ChatApi(Storage storage, WebAudit audit) {
        this.storage = storage;
        this.audit = audit;
    }

    public void register(Routes routes) {
        routes.get(PATH, AuditApi.READERS, this::search);
    }

    private ApiResponse search(ApiRequest req) {
        QueryParams p = QueryParams.of(req, PARAMS);
        String text = p.text("q", MAX_TEXT);
        String extension = p.number("extension");
        Instant from = p.instant("from", false);
        Instant to = p.instant("to", false);
        int limit = p.limit("limit", CdrApi.DEFAULT_LIMIT, CdrApi.MAX_LIMIT);
        ChatQuery query = new ChatQuery(extension, text, from, to, limit);
        List<ChatMessage> found = storage.inTransaction(tx -> tx.chats().list(query));

        Map<String, Object> details = new LinkedHashMap<>();
        if (text != null) {
            details.put("q", text);
        }
        if (extension != null) {
            details.put("extension", extension);
        }
        if (from != null) {
            details.put("from", from.toString());
        }
        if (to != null) {
            details.put("to", to.toString());
        }
        details.put("limit", limit);
        details.put("found", found.size());
        audit.record(req, AuditType.CHAT_SEARCHED, extension, details);
        return ApiResponse.ok(found.stream().map(Message::of).toList());
    }
}
