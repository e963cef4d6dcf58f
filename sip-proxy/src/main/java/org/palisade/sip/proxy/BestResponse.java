package org.palisade.sip.proxy;

import java.util.Comparator;
import java.util.List;
import javax.sip.message.Response;

/**
 * Which final response a fork whose branches all failed sends to the caller (RFC 3261 16.7
 * step 6): any 6xx wins (the callee said "nowhere"); otherwise the lowest class, so a 4xx beats
 * a 5xx. Within 4xx the most useful answer for the caller goes first: a challenge it can
 * answer, then busy, then a refusal with a reason, and the vague "nobody answered" ones (480,
 * 408) last. 487 wins once the caller itself cancelled, because that is the answer it expects.
 */
final class BestResponse {

    private BestResponse() {
    }

    static Response choose(List<Response> finals, boolean cancelledByCaller) {
        return finals.stream().min(Comparator.comparingInt(r -> rank(r.getStatusCode(), cancelledByCaller))).orElseThrow();
    }

    static int rank(int code, boolean cancelledByCaller) {
        if (cancelledByCaller && code == Response.REQUEST_TERMINATED) {
            return 0;
        }
        int cls = code / 100;
        int classRank = cls == 6 ? 1 : cls == 4 ? 2 : cls == 3 ? 3 : cls == 5 ? 4 : 5;
        int within = switch (code) {
            case 401, 407 -> 0;
            case 486, 600 -> 1;
            case 603 -> 2;
            case 487 -> 8;
            case 480 -> 9;
            case 408 -> 10;
            case 503 -> 9;
            default -> 5;
        };
        return classRank * 100 + within;
    }
}
