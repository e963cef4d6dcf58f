package org.palisade.web.session;

/**
 * The session cookie: HttpOnly (scripts cannot read it), SameSite=Strict (no other site's page
 * can make the browser send it), Path=/, no Max-Age (gone when the browser closes). Over HTTPS
 * it is Secure and named with the {@code __Host-} prefix, which browsers accept only from a
 * secure origin, with Path=/ and no Domain: a sibling host or a plain-HTTP page cannot plant or
 * overwrite it.
 */
public final class SessionCookie {

    public static final String PLAIN_NAME = "palisade_session";
    public static final String SECURE_NAME = "__Host-palisade_session";

    private SessionCookie() {
    }

    public static String name(boolean secure) {
        return secure ? SECURE_NAME : PLAIN_NAME;
    }

    /** A {@code Set-Cookie} value carrying the session id. */
    public static String set(String sessionId, boolean secure) {
        return name(secure) + "=" + sessionId + "; Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    /** A {@code Set-Cookie} value that makes the browser drop the cookie. */
    public static String clear(boolean secure) {
        return name(secure) + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }
}
