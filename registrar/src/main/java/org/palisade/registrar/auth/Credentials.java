package org.palisade.registrar.auth;

import java.util.Locale;
import java.util.Map;

/**
 * The parameters of one Authorization header, checked for what Palisade requires: qop=auth
 * (so that nonce-counts protect against replay) and MD5 or SHA-256.
 *
 * @param problem null when usable, else why not
 */
record Credentials(String username, String realm, String nonce, String uri, String response, boolean sha256,
                   String ncText, long nc, String cnonce, String problem) {

    static Credentials parse(Map<String, String> p) {
        String username = p.get("username");
        String realm = p.get("realm");
        String nonce = p.get("nonce");
        String uri = p.get("uri");
        String response = p.get("response");
        if (username == null || realm == null || nonce == null || uri == null || response == null) {
            return invalid("credentials lack username, realm, nonce, uri or response");
        }
        String algorithm = p.getOrDefault("algorithm", "MD5").toUpperCase(Locale.ROOT);
        if (!algorithm.equals("MD5") && !algorithm.equals("SHA-256")) {
            return invalid("unsupported algorithm " + algorithm);
        }
        if (!"auth".equalsIgnoreCase(p.get("qop"))) {
            return invalid("qop=auth is required");
        }
        String ncText = p.get("nc");
        String cnonce = p.get("cnonce");
        long nc;
        try {
            nc = ncText == null ? -1 : Long.parseLong(ncText, 16);
        } catch (NumberFormatException e) {
            nc = -1;
        }
        if (nc < 1 || ncText.length() != 8 || cnonce == null) {
            return invalid("qop=auth needs an 8-digit hex nc and a cnonce");
        }
        return new Credentials(username, realm, nonce, uri, response, algorithm.equals("SHA-256"), ncText, nc, cnonce, null);
    }

    private static Credentials invalid(String problem) {
        return new Credentials(null, null, null, null, null, false, null, 0, null, problem);
    }
}
