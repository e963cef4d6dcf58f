package org.palisade.web.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shape of every error answer: {@code {"error": "..."}}, and for 400 also {@code "field"},
 * the request field at fault or null, so that a form can mark the right input.
 */
public final class ApiErrorBody {

    private ApiErrorBody() {
    }

    public static Map<String, Object> of(int status, String error, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        if (status == 400) {
            body.put("field", field);
        }
        return body;
    }
}
