package org.palisade.web.api;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a handler answers: a JSON value with a status, no content, or a streamed body. Immutable;
 * {@link #withHeader} returns a copy.
 */
public final class ApiResponse {

    /**
     * Writes a streamed body. The stream is buffered (64 KiB) and sent as it fills, chunked, so
     * a body of any size never sits in memory whole. Do not close it.
     *
     * <p>If it throws after the first bytes went out, the status can no longer change: the
     * connection is aborted, so that the client sees a broken transfer and never mistakes a cut-off
     * export for a complete one.
     */
    @FunctionalInterface
    public interface BodyWriter {
        void writeTo(OutputStream out) throws Exception;
    }

    private final int status;
    private final Object json;
    private final String contentType;
    private final String filename;
    private final BodyWriter writer;
    private final List<Map.Entry<String, String>> headers;

    private ApiResponse(int status, Object json, String contentType, String filename, BodyWriter writer,
                        List<Map.Entry<String, String>> headers) {
        this.status = status;
        this.json = json;
        this.contentType = contentType;
        this.filename = filename;
        this.writer = writer;
        this.headers = List.copyOf(headers);
    }

    /** {@code body} serialised with {@link Json#mapper()}; null sends JSON {@code null}. */
    public static ApiResponse json(int status, Object body) {
        if (status < 200 || status > 599 || status == 204 || status == 304) {
            throw new IllegalArgumentException("status: " + status + " cannot carry a JSON body");
        }
        return new ApiResponse(status, body, "application/json; charset=utf-8", null, null, List.of());
    }

    /** 200 with {@code body}. */
    public static ApiResponse ok(Object body) {
        return json(200, body);
    }

    /** 201 with what was created. */
    public static ApiResponse created(Object body) {
        return json(201, body);
    }

    /** 204, no body. */
    public static ApiResponse noContent() {
        return new ApiResponse(204, null, null, null, null, List.of());
    }

    /** An error answer, {@code {"error": message}} (with {@code "field": null} for 400), for statuses a handler picks itself. */
    public static ApiResponse error(int status, String message) {
        return json(status, ApiErrorBody.of(status, message, null));
    }

    /**
     * 200 with a body written by {@code writer} as it goes (CSV exports, large listings).
     *
     * @param contentType e.g. {@code text/csv; charset=utf-8}
     * @param filename    when not null, sent as {@code Content-Disposition: attachment}, so that a
     *                    browser saves it under that name; characters other than letters, digits,
     *                    {@code . _ -} become {@code _}
     */
    public static ApiResponse stream(String contentType, String filename, BodyWriter writer) {
        if (contentType == null || writer == null) {
            throw new IllegalArgumentException("contentType and writer are required");
        }
        return new ApiResponse(200, null, contentType, filename == null ? null : filename.replaceAll("[^A-Za-z0-9._-]", "_"),
                writer, List.of());
    }

    /** A copy with one more header (e.g. {@code Retry-After}, {@code Location}, {@code Set-Cookie}). */
    public ApiResponse withHeader(String name, String value) {
        List<Map.Entry<String, String>> more = new ArrayList<>(headers);
        more.add(Map.entry(name, value));
        return new ApiResponse(status, json, contentType, filename, writer, more);
    }

    public int status() {
        return status;
    }

    /** The value to send as JSON; null for no content and for streams. */
    public Object body() {
        return json;
    }

    /** Null for no content. */
    public String contentType() {
        return contentType;
    }

    public String filename() {
        return filename;
    }

    /** Non-null for a streamed response. */
    public BodyWriter writer() {
        return writer;
    }

    public List<Map.Entry<String, String>> headers() {
        return headers;
    }
}
