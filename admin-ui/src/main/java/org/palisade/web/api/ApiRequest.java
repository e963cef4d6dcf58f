package org.palisade.web.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One API request as a handler sees it. Made by the dispatcher; handlers only read it.
 *
 * <p>The body is read on first use, at most {@value #MAX_BODY_BYTES} bytes (413 beyond). A body
 * that is not valid JSON, or does not fit the record asked for, becomes a 400 naming the field.
 */
public final class ApiRequest {

    /** Room for a bulk import of many thousand extensions, not for an endless upload. */
    public static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    private final String method;
    private final String path;
    private final Map<String, String> pathParams;
    private final Map<String, List<String>> query;
    private final Function<String, String> headers;
    private final Map<String, String> cookies;
    private final String clientAddress;
    private final boolean secure;
    private final InputStream bodyStream;
    private final Principal principal;
    private byte[] body;

    /**
     * @param headers       a request header's value by name (case-insensitive), null when absent
     * @param clientAddress the peer's IP address as text
     * @param principal     the logged-in user; null on open routes
     */
    public ApiRequest(String method, String path, Map<String, String> pathParams, Map<String, List<String>> query,
                      Function<String, String> headers, Map<String, String> cookies, String clientAddress, boolean secure,
                      InputStream body, Principal principal) {
        this.method = method;
        this.path = path;
        this.pathParams = Map.copyOf(pathParams);
        this.query = Map.copyOf(query);
        this.headers = headers;
        this.cookies = Map.copyOf(cookies);
        this.clientAddress = clientAddress;
        this.secure = secure;
        this.bodyStream = body;
        this.principal = principal;
    }

    public String method() {
        return method;
    }

    /** Decoded, e.g. {@code /api/extensions/1001}. */
    public String path() {
        return path;
    }

    /** The value of {@code {name}} in the route's pattern. */
    public String pathParam(String name) {
        String v = pathParams.get(name);
        if (v == null) {
            throw new IllegalStateException("the route has no path parameter {" + name + "}");
        }
        return v;
    }

    /** The first value of query parameter {@code name}, or null when absent. */
    public String query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Every value of query parameter {@code name} ({@code ?trunk=a&trunk=b}); empty when absent. */
    public List<String> queryValues(String name) {
        return query.getOrDefault(name, List.of());
    }

    public Map<String, List<String>> queryParams() {
        return query;
    }

    /** The body bound to {@code type}, a record usually. */
    public <T> T body(Class<T> type) {
        try {
            T value = Json.mapper().readValue(bodyBytes(), type);
            if (value == null) {
                throw new ApiException(400, null, "a JSON object is required");
            }
            return value;
        } catch (IOException e) {
            throw badJson(e);
        }
    }

    /** The body as a JSON tree. */
    public JsonNode json() {
        try {
            return Json.mapper().readTree(bodyBytes());
        } catch (IOException e) {
            throw badJson(e);
        }
    }

    /** The logged-in user; null only on open routes. */
    public Principal principal() {
        return principal;
    }

    /** The audit log's actor for this request: {@code web:alice}, or {@code web} when nobody is logged in. */
    public String actor() {
        return principal == null ? "web" : principal.actor();
    }

    /** The TCP peer's address (no X-Forwarded-For: it could be forged by anyone). */
    public String clientAddress() {
        return clientAddress;
    }

    /** Whether the request came over HTTPS. */
    public boolean secure() {
        return secure;
    }

    /** A header's value, or null. */
    public String header(String name) {
        return headers.apply(name);
    }

    /** A cookie's value, or null. */
    public String cookie(String name) {
        return cookies.get(name);
    }

    private byte[] bodyBytes() {
        if (body == null) {
            if (bodyStream == null) {
                body = new byte[0];
            } else {
                try {
                    byte[] read = bodyStream.readNBytes(MAX_BODY_BYTES + 1);
                    if (read.length > MAX_BODY_BYTES) {
                        throw new ApiException(413, null, "the request body is over " + (MAX_BODY_BYTES >> 20) + " MiB");
                    }
                    body = read;
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the request body", e);
                }
            }
        }
        if (body.length == 0) {
            throw new ApiException(400, null, "a JSON body is required");
        }
        return body;
    }

    /**
     * A record's own check ({@code IllegalArgumentException("field: reason")}) keeps its field;
     * Jackson's complaints name the JSON path they stumbled on.
     */
    private static RuntimeException badJson(IOException e) {
        if (e instanceof ValueInstantiationException vie && vie.getCause() instanceof IllegalArgumentException iae) {
            return iae;
        }
        if (e instanceof UnrecognizedPropertyException upe) {
            return new ApiException(400, path(upe), "unknown field '" + upe.getPropertyName() + "'");
        }
        if (e instanceof MismatchedInputException mie && !mie.getPath().isEmpty()) {
            Class<?> type = mie.getTargetType();
            boolean missing = type != null && type.isPrimitive() && String.valueOf(mie.getOriginalMessage()).contains("null");
            return new ApiException(400, path(mie), missing ? "required" : "expected " + describe(type));
        }
        if (e instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
            return new ApiException(400, path(jme), "wrong type or value");
        }
        if (e instanceof JsonProcessingException jpe) {
            var where = jpe.getLocation();
            return new ApiException(400, null, "malformed JSON" + (where == null ? "" : " at line " + where.getLineNr()
                    + ", column " + where.getColumnNr()) + ": " + jpe.getOriginalMessage());
        }
        return new UncheckedIOException("cannot read the request body", e);
    }

    /** A JSON type in words a form can show, never Jackson's own message (it names Java classes and settings). */
    private static String describe(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (type == int.class || type == long.class || type == Integer.class || type == Long.class || type == short.class) {
            return "a whole number";
        }
        if (type == double.class || type == float.class || type == Double.class || type == Float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "text";
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "an ISO 8601 time such as 2026-11-24T10:00:00Z";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "an object";
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.length() == 0 ? null : sb.toString();
    }
}
