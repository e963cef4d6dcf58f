package org.palisade.web.api;

/**
 * An answer other than 2xx that a handler (or {@link ApiRequest}) decides on directly, for the
 * cases the standard exceptions do not cover (413, 429, ...). Sent as
 * {@code {"error": message, "field": field}}.
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String field;

    public ApiException(int status, String field, String message) {
        super(message);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status: " + status + " is not an error status");
        }
        this.status = status;
        this.field = field;
    }

    public ApiException(int status, String message) {
        this(status, null, message);
    }

    public int status() {
        return status;
    }

    /** The request field at fault, or null. */
    public String field() {
        return field;
    }
}
