package org.palisade.web.http;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Headers every answer carries, pages and API alike:
 *
 * <ul>
 *   <li>{@code Content-Security-Policy: default-src 'self'}: scripts, styles and images from this
 *       server only, no inline script, so injected markup cannot run code; {@code frame-ancestors
 *       'none'}, {@code base-uri 'none'} and {@code form-action 'self'} close the gaps default-src
 *       leaves;</li>
 *   <li>{@code X-Frame-Options: DENY}: no framing (clickjacking), for browsers without CSP 2;</li>
 *   <li>{@code X-Content-Type-Options: nosniff}: a CSV or JSON answer is never run as a script;</li>
 *   <li>{@code Referrer-Policy: no-referrer}: URLs with CDR filters do not leak to other sites.</li>
 * </ul>
 */
public final class SecurityHeaders extends Handler.Wrapper {

    public static final String CSP = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    public SecurityHeaders(Handler next) {
        super(next);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        apply(response);
        return super.handle(request, response, callback);
    }

    static void apply(Response response) {
        HttpFields.Mutable h = response.getHeaders();
        h.put("Content-Security-Policy", CSP);
        h.put("X-Frame-Options", "DENY");
        h.put("X-Content-Type-Options", "nosniff");
        h.put("Referrer-Policy", "no-referrer");
    }
}
