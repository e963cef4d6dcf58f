package org.palisade.web.http;

import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers itself (no file at that path, a malformed request line, an unreadable
 * URI) in the API's shape, {@code {"error": "..."}}, instead of Jetty's HTML page, and without
 * any stack trace or server version.
 */
public final class JsonErrorHandler implements Request.Handler {

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = request.getAttribute(ErrorHandler.ERROR_STATUS) instanceof Integer s ? s : response.getStatus();
        if (status < 400) {
            status = 500;
        }
        String reason = HttpStatus.getMessage(status);
        SecurityHeaders.apply(response);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Responses.json(response, callback, status, org.palisade.web.api.ApiErrorBody.of(status,
                reason == null ? "error" : reason.toLowerCase(Locale.ROOT), null));
        return true;
    }
}
