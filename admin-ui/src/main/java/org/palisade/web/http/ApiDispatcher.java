package org.palisade.web.http;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.palisade.web.api.ApiException;
import org.palisade.web.api.ApiRequest;
import org.palisade.web.api.ApiResponse;
import org.palisade.web.api.Principal;
import org.palisade.web.api.Routes;
import org.palisade.web.session.Session;
import org.palisade.web.session.SessionCookie;
import org.palisade.web.session.SessionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs API requests through the same gate, top to bottom, before any handler sees them:
 *
 * <ol>
 *   <li>route: unknown path 404, known path with another method 405 (with {@code Allow});</li>
 *   <li>session (except open routes): none or ended, 401;</li>
 *   <li>role: not among the route's, 403;</li>
 *   <li>state-changing methods (POST, PUT, PATCH, DELETE): the {@code X-CSRF-Token} header must
 *       equal the session's token (not for the open login, which has no session yet), and a
 *       request with a body or a Content-Type must be {@code application/json}; else 403. A
 *       cross-site form can send neither;</li>
 *   <li>the handler; its exceptions become answers in {@link ApiErrors}.</li>
 * </ol>
 *
 * Paths outside {@code /api} that no route claims are left to the next handler (static files).
 * Every answer here carries {@code Cache-Control: no-store}: API data is not for caches.
 */
public final class ApiDispatcher extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(ApiDispatcher.class);
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final int STREAM_BUFFER = 64 * 1024;

    private final Routes routes;
    private final SessionStore sessions;

    public ApiDispatcher(Routes routes, SessionStore sessions) {
        this.routes = routes;
        this.sessions = sessions;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        Routes.Match match = routes.match(method, path);
        if (match instanceof Routes.Match.NotFound && !path.equals("/api") && !path.startsWith("/api/")) {
            return false;
        }
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        String what = method + " " + path;
        try {
            if (match instanceof Routes.Match.NotFound) {
                throw new ApiException(404, "no such endpoint: " + path);
            }
            if (match instanceof Routes.Match.WrongMethod wrong) {
                response.getHeaders().put(HttpHeader.ALLOW, String.join(", ", wrong.allowed()));
                throw new ApiException(405, method + " is not allowed here; allowed: " + String.join(", ", wrong.allowed()));
            }
            Routes.Match.Found found = (Routes.Match.Found) match;
            Routes.Route route = found.route();
            Map<String, String> cookies = cookies(request);
            Principal principal = null;
            if (!route.isOpen()) {
                Session session = session(cookies.get(SessionCookie.name(request.isSecure())));
                if (!route.admits(session.principal().role())) {
                    throw new ApiException(403, "the " + session.principal().role().label() + " role may not use " + route);
                }
                if (route.changesState() && !session.csrfMatches(request.getHeaders().get(CSRF_HEADER))) {
                    throw new ApiException(403, "missing or wrong " + CSRF_HEADER + " header");
                }
                principal = session.principal();
            }
            if (route.changesState()) {
                requireJsonBody(request);
            }
            ApiRequest apiRequest = new ApiRequest(method, request.getHttpURI().getDecodedPath(), found.pathParams(), query(request),
                    name -> request.getHeaders().get(name), cookies, Request.getRemoteAddr(request), request.isSecure(),
                    Request.asInputStream(request), principal);
            ApiResponse answer = route.handler().handle(apiRequest);
            closeUnlessBodyRead(request, response);
            write(answer, response, callback, what);
        } catch (Exception e) {
            fail(e, request, response, callback, what);
        }
        return true;
    }

    private Session session(String cookie) {
        SessionStore.Lookup lookup = sessions.find(cookie);
        if (lookup instanceof SessionStore.Lookup.Active active) {
            return active.session();
        }
        throw new ApiException(401, lookup instanceof SessionStore.Lookup.Expired ? "session expired, log in again" : "not logged in");
    }

    /** A body, or a Content-Type, must be JSON: HTML forms can only send form encodings and text/plain. */
    private static void requireJsonBody(Request request) {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        boolean hasBody = request.getLength() != 0; // -1 is chunked: a body of unknown length
        if (type == null && !hasBody) {
            return;
        }
        String mediaType = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json")) {
            throw new ApiException(403, "Content-Type must be application/json");
        }
    }

    private static Map<String, String> cookies(Request request) {
        Map<String, String> cookies = new HashMap<>();
        for (HttpCookie c : Request.getCookies(request)) {
            cookies.putIfAbsent(c.getName(), c.getValue()); // the first of two same-named cookies wins
        }
        return cookies;
    }

    private static Map<String, List<String>> query(Request request) {
        Fields fields;
        try {
            fields = Request.extractQueryParameters(request);
        } catch (RuntimeException e) {
            throw new ApiException(400, null, "malformed query string");
        }
        Map<String, List<String>> query = new LinkedHashMap<>();
        for (Fields.Field f : fields) {
            query.put(f.getName(), List.copyOf(f.getValues()));
        }
        return query;
    }

    private static void write(ApiResponse answer, Response response, Callback callback, String what) throws Exception {
        if (answer == null) {
            throw new IllegalStateException(what + ": the handler returned no response");
        }
        for (Map.Entry<String, String> h : answer.headers()) {
            response.getHeaders().add(h.getKey(), h.getValue());
        }
        if (answer.writer() != null) {
            stream(answer, response, callback, what);
        } else if (answer.contentType() == null) {
            response.setStatus(answer.status());
            response.write(true, null, callback);
        } else {
            Responses.json(response, callback, answer.status(), answer.body());
        }
    }

    private static void stream(ApiResponse answer, Response response, Callback callback, String what) throws Exception {
        response.setStatus(answer.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
        if (answer.filename() != null) {
            response.getHeaders().put(HttpHeader.CONTENT_DISPOSITION, "attachment; filename=\"" + answer.filename() + "\"");
        }
        OutputStream raw = Content.Sink.asOutputStream(response);
        BufferedOutputStream out = new BufferedOutputStream(raw, STREAM_BUFFER);
        try {
            answer.writer().writeTo(out);
            out.flush();
        } catch (Exception e) {
            if (!response.isCommitted()) {
                throw e; // nothing sent yet: a proper error answer is still possible
            }
            LOG.warn("{}: the streamed body failed after it had started; connection aborted", what, e);
            callback.failed(e);
            return;
        }
        raw.close(); // the last chunk: the response is complete
        callback.succeeded();
    }

    /**
     * An answer given before the request's body was read (a 403 on the role, a handler that ignores
     * the body) must say {@code Connection: close}: Jetty closes such a connection after the answer,
     * and a client told nothing would send its next request on the dead connection.
     */
    private static void closeUnlessBodyRead(Request request, Response response) {
        if (!request.consumeAvailable()) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
    }

    private static void fail(Throwable t, Request request, Response response, Callback callback, String what) {
        if (response.isCommitted()) {
            LOG.warn("{} failed after its answer had started", what, t);
            callback.failed(t);
            return;
        }
        ApiErrors.Answer answer = ApiErrors.of(t, what);
        String allow = response.getHeaders().get(HttpHeader.ALLOW);
        response.reset(); // drops what the handler's answer had set (a cookie, a file name) with the rest
        SecurityHeaders.apply(response);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        if (allow != null) {
            response.getHeaders().put(HttpHeader.ALLOW, allow);
        }
        closeUnlessBodyRead(request, response);
        Responses.json(response, callback, answer.status(), answer.body());
    }
}
