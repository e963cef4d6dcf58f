package org.palisade.web.http;

import java.util.Map;
import java.util.NoSuchElementException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.palisade.web.api.ApiErrorBody;
import org.palisade.web.api.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where exceptions become HTTP answers, following the conventions of core's
 * administration classes:
 *
 * <ul>
 *   <li>{@link ApiException}: its own status, field and message;</li>
 *   <li>{@link IllegalArgumentException} "field: reason": 400 {@code {"error": reason, "field": field}};
 *       without such a prefix, the whole message and {@code "field": null};</li>
 *   <li>{@link NoSuchElementException}: 404 {@code {"error"}};</li>
 *   <li>{@link IllegalStateException}: 409 {@code {"error"}} (a conflict with what is stored);</li>
 *   <li>anything else: 500 with a fixed message; the stack trace goes to the log, never to the client.</li>
 * </ul>
 */
public final class ApiErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);
    /** "number: 2 to 15 digits", "route.trunks[0]: ...": a field name is one word, so "line 3: ..." is not one. */
    private static final Pattern FIELD = Pattern.compile("([A-Za-z][A-Za-z0-9_.\\[\\]-]*): (.+)", Pattern.DOTALL);
    static final String INTERNAL = "internal error; the server log has the details";

    /** A status and the JSON body to send with it. */
    public record Answer(int status, Map<String, Object> body) {
    }

    private ApiErrors() {
    }

    public static Answer of(Throwable t, String what) {
        if (t instanceof ApiException e) {
            return answer(e.status(), e.getMessage(), e.field());
        }
        if (t instanceof IllegalArgumentException e) {
            String message = e.getMessage() == null ? "bad request" : e.getMessage();
            Matcher m = FIELD.matcher(message);
            return m.matches() ? answer(400, m.group(2), m.group(1)) : answer(400, message, null);
        }
        if (t instanceof NoSuchElementException e) {
            return answer(404, e.getMessage() == null ? "not found" : e.getMessage(), null);
        }
        if (t instanceof IllegalStateException e) {
            return answer(409, e.getMessage() == null ? "conflict" : e.getMessage(), null);
        }
        LOG.error("{} failed", what, t);
        return answer(500, INTERNAL, null);
    }

    public static Answer answer(int status, String message, String field) {
        return new Answer(status, ApiErrorBody.of(status, message, field));
    }
}
