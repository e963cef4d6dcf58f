package org.palisade.relay.ng;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.palisade.relay.engine.CallSnapshot;
import org.palisade.relay.engine.RelayEngine;
import org.palisade.relay.engine.RelayException;

/**
 * The ng commands a SIP proxy needs, with rtpengine's request keys, reply shapes and error
 * wording: {@code ping}, {@code offer}, {@code answer}, {@code delete}, {@code query},
 * {@code list}.
 */
final class NgCommands {

    /** rtpengine's default for {@code list}. */
    static final long LIST_LIMIT = 32;
    static final String NOT_FOUND = "Call-ID not found or tags didn't match";

    private final RelayEngine engine;
    private final OfferAnswer offerAnswer;

    NgCommands(RelayEngine engine) {
        this.engine = engine;
        this.offerAnswer = new OfferAnswer(engine);
    }

    /**
     * @return the reply dictionary
     * @throws RelayException for an error reply; its message is the {@code error-reason}
     */
    Map<String, Object> execute(NgMessage request) {
        String command = request.command();
        if (command == null) {
            throw new RelayException("No command in message");
        }
        NgRequest r = new NgRequest(request.body());
        return switch (command) {
            case "ping" -> Map.of("result", "pong");
            case "offer" -> offerAnswer.offer(r);
            case "answer" -> offerAnswer.answer(r);
            case "delete" -> delete(r);
            case "query" -> query(r);
            case "list" -> list(r);
            default -> throw new RelayException("Unrecognized command");
        };
    }

    private Map<String, Object> query(NgRequest r) {
        String callId = r.require("call-id", "No call-id in message");
        CallSnapshot c = engine.query(callId).orElseThrow(() -> new RelayException("Unknown call-id"));
        return ok(QueryReply.of(c));
    }

    /**
     * Unknown calls and tags are a warning, not an error, unless the flag {@code fatal} says so:
     * rtpengine's behaviour, since a BYE may race a timeout and both want the call gone.
     */
    private Map<String, Object> delete(NgRequest r) {
        String callId = r.require("call-id", "No call-id in message");
        boolean fatal = r.flags().contains("fatal");
        Optional<CallSnapshot> known = engine.query(callId);
        String from = r.string("from-tag");
        String to = r.string("to-tag");
        boolean tagsMatch = known.map(c -> belongs(c, from) && belongs(c, to)).orElse(false);
        Optional<CallSnapshot> last = tagsMatch ? engine.delete(callId) : Optional.empty();
        if (last.isEmpty()) {
            if (fatal) {
                throw new RelayException(NOT_FOUND);
            }
            return Map.of("result", "ok", "warning", NOT_FOUND);
        }
        return ok(QueryReply.of(last.get()));
    }

    private static boolean belongs(CallSnapshot c, String tag) {
        return tag == null || c.legs().stream().anyMatch(l -> tag.equals(l.tag()));
    }

    private Map<String, Object> list(NgRequest r) {
        long limit = r.integer("limit", LIST_LIMIT);
        if (limit < 0) {
            throw new RelayException("invalid limit, must be >= 0");
        }
        return Map.of("result", "ok", "calls", engine.callIds((int) Math.min(limit, Integer.MAX_VALUE)));
    }

    private static Map<String, Object> ok(Map<String, Object> body) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("result", "ok");
        out.putAll(body);
        return out;
    }
}
