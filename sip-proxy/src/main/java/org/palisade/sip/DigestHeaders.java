package org.palisade.sip;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Map;
import javax.sip.header.AuthorizationHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * Digest credentials in and challenges out, for both of SIP's places for them: the registrar's
 * 401 / WWW-Authenticate / Authorization and the proxy's 407 / Proxy-Authenticate /
 * Proxy-Authorization (RFC 3261 22.2, 22.3). The header values are the same.
 */
public final class DigestHeaders {

    public static final DigestHeaders REGISTRAR = new DigestHeaders(Response.UNAUTHORIZED, "Unauthorized", "WWW-Authenticate",
            "Authorization");
    public static final DigestHeaders PROXY = new DigestHeaders(Response.PROXY_AUTHENTICATION_REQUIRED,
            "Proxy Authentication Required", "Proxy-Authenticate", "Proxy-Authorization");

    private final int code;
    private final String reason;
    private final String challengeHeader;
    private final String credentialsHeader;

    private DigestHeaders(int code, String reason, String challengeHeader, String credentialsHeader) {
        this.code = code;
        this.reason = reason;
        this.challengeHeader = challengeHeader;
        this.credentialsHeader = credentialsHeader;
    }

    public String credentialsHeader() {
        return credentialsHeader;
    }

    /**
     * The parameters of the Digest credentials meant for {@code realm} (a request may carry
     * credentials for other proxies too, RFC 3261 22.3), else of the first Digest credentials;
     * null when there are none.
     */
    public Map<String, String> credentials(Request request, String realm) {
        Map<String, String> first = null;
        for (ListIterator<?> it = request.getHeaders(credentialsHeader); it.hasNext(); ) {
            AuthorizationHeader auth = (AuthorizationHeader) it.next();
            if (!"Digest".equalsIgnoreCase(auth.getScheme())) {
                continue;
            }
            Map<String, String> params = new LinkedHashMap<>();
            for (Iterator<?> names = auth.getParameterNames(); names.hasNext(); ) {
                String name = (String) names.next();
                params.put(name.toLowerCase(Locale.ROOT), auth.getParameter(name));
            }
            if (realm != null && realm.equals(params.get("realm"))) {
                return params;
            }
            if (first == null) {
                first = params;
            }
        }
        return first;
    }

    /** Removes the credentials for {@code realm}: consumed here, they are no business of the next hop. */
    public void consume(Request request, String realm) {
        List<AuthorizationHeader> keep = new java.util.ArrayList<>();
        for (ListIterator<?> it = request.getHeaders(credentialsHeader); it.hasNext(); ) {
            AuthorizationHeader auth = (AuthorizationHeader) it.next();
            if (!realm.equals(auth.getRealm())) {
                keep.add(auth);
            }
        }
        request.removeHeader(credentialsHeader);
        keep.forEach(request::addHeader);
    }

    /** 401 or 407 with one challenge header per value, in the order given. */
    public Response challenge(Replies replies, Request request, List<String> challenges) {
        Response response = replies.create(request, code, reason);
        try {
            for (String value : challenges) {
                response.addHeader(replies.headers().createHeader(challengeHeader, value));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return response;
    }
}
