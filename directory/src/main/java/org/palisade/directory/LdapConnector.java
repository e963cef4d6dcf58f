package org.palisade.directory;

import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustStoreTrustManager;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import org.palisade.core.directory.DirectorySettings;

/**
 * Opens connections to the directory: the one place that decides timeouts, TLS and whether a
 * password may be sent. The sync binds with the service account ({@link #openServiceConnection});
 * logins with directory credentials check a person's password with {@link #passwordMatches}.
 *
 * <p>Rules: connect and response timeouts from the settings; {@code ldaps://} and StartTLS
 * verify the server's certificate against the configured trust store (or the JVM's default) and
 * its host name; a simple bind over an unencrypted connection to a host that is not loopback is
 * refused <em>before any packet is sent</em>, unless the settings allow it.
 */
public final class LdapConnector {

    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

    private final DirectorySettings settings;
    private final SecretOpener secrets;
    private final LDAPURL url;

    public LdapConnector(DirectorySettings settings, SecretOpener secrets) {
        this.settings = settings;
        this.secrets = secrets;
        this.url = parseUrl(settings.url());
        requireSafeBind(url, settings.startTls(), settings.allowPlainBind());
    }

    /**
     * Checks an LDAP URL as {@code directory configure} takes it.
     *
     * @throws IllegalArgumentException "url: ..."
     */
    public static LDAPURL parseUrl(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("url: required, ldap://HOST[:PORT] or ldaps://HOST[:PORT]");
        }
        LDAPURL u;
        try {
            u = new LDAPURL(text.trim());
        } catch (LDAPException e) {
            throw new IllegalArgumentException("url: not an LDAP URL '" + text + "', expected ldap://HOST[:PORT] or ldaps://HOST[:PORT]");
        }
        if (!u.hostProvided()) {
            throw new IllegalArgumentException("url: names no host, expected ldap://HOST[:PORT] or ldaps://HOST[:PORT]");
        }
        if (u.baseDNProvided() && !u.getBaseDN().isNullDN() || u.attributesProvided() || u.filterProvided()) {
            throw new IllegalArgumentException("url: give only scheme, host and port; the base DN and filter have their own options");
        }
        return u;
    }

    /**
     * Refuses a simple bind whose password would cross the network unencrypted: {@code ldap://}
     * without StartTLS to any host but loopback. Decided from the URL alone, without resolving the
     * name: only {@code localhost} and loopback addresses count as loopback.
     *
     * @throws IllegalArgumentException "url: ..."
     */
    public static void requireSafeBind(LDAPURL url, boolean startTls, boolean allowPlainBind) {
        boolean encrypted = "ldaps".equalsIgnoreCase(url.getScheme()) || startTls;
        if (startTls && "ldaps".equalsIgnoreCase(url.getScheme())) {
            throw new IllegalArgumentException("starttls: not with ldaps://, which is encrypted already");
        }
        if (!encrypted && !allowPlainBind && !isLoopback(url.getHost())) {
            throw new IllegalArgumentException("url: " + url.getHost() + " is not loopback, and ldap:// without StartTLS would send the"
                    + " bind password unencrypted; use ldaps:// or --starttls (or, if you must, --allow-plain-bind)");
        }
    }

    /** {@code localhost}, 127.0.0.0/8 and ::1; no name is resolved. */
    public static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return true;
        }
        if (IPV4.matcher(h).matches() || h.contains(":")) {
            try {
                return InetAddress.getByName(h).isLoopbackAddress(); // a literal: no lookup
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    public String url() {
        return settings.url();
    }

    /**
     * A connection bound as the service account; the caller closes it.
     *
     * @throws DirectoryException when the directory cannot be reached or refuses the bind
     */
    public LDAPConnection openServiceConnection() {
        char[] password = secrets.open(DirectorySettings.BIND_PASSWORD_PURPOSE, settings.bindPasswordSealed());
        try {
            LDAPConnection c = connect();
            try {
                c.bind(new SimpleBindRequest(settings.bindDn(), new String(password)));
                return c;
            } catch (LDAPException e) {
                c.close();
                throw new DirectoryException("the directory at " + settings.url() + " refused the bind as " + settings.bindDn() + ": "
                        + describe(e), e);
            }
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * Checks a person's password by binding as them on a fresh connection, which is closed at once
     * (the later login with directory credentials). An empty password is refused without asking
     * the directory: LDAP would take it as an unauthenticated bind and answer success.
     *
     * @return false for wrong credentials (or a locked or disabled account, which the directory
     *         reports the same way)
     * @throws DirectoryException when the directory cannot be reached or answers with another error
     */
    public boolean passwordMatches(String dn, char[] password) {
        if (password == null || password.length == 0 || dn == null || dn.isBlank()) {
            return false;
        }
        try (LDAPConnection c = connect()) {
            c.bind(new SimpleBindRequest(dn, new String(password)));
            return true;
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.INVALID_CREDENTIALS || e.getResultCode() == ResultCode.INAPPROPRIATE_AUTHENTICATION) {
                return false;
            }
            throw new DirectoryException("cannot check the password of " + dn + " at " + settings.url() + ": " + describe(e), e);
        }
    }

    /** Connected (and, with StartTLS, encrypted), not bound. */
    private LDAPConnection connect() {
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis((int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()));
        options.setResponseTimeoutMillis(settings.readTimeout().toMillis());
        options.setFollowReferrals(false);
        options.setUseKeepAlive(true);
        boolean ldaps = "ldaps".equalsIgnoreCase(url.getScheme());
        SSLUtil ssl = ldaps || settings.startTls() ? sslUtil() : null;
        if (ssl != null) {
            options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
        }
        LDAPConnection c;
        try {
            c = ldaps ? new LDAPConnection(ssl.createSSLSocketFactory(), options, url.getHost(), url.getPort())
                    : new LDAPConnection(options, url.getHost(), url.getPort());
        } catch (LDAPException e) {
            throw new DirectoryException("cannot reach the directory at " + settings.url() + ": " + describe(e), e);
        } catch (GeneralSecurityException e) {
            throw new DirectoryException("cannot set up TLS for " + settings.url() + ": " + e.getMessage(), e);
        }
        if (settings.startTls()) {
            try {
                SSLContext context = ssl.createSSLContext();
                ExtendedResult r = c.processExtendedOperation(new StartTLSExtendedRequest(context));
                if (r.getResultCode() != ResultCode.SUCCESS) {
                    c.close();
                    throw new DirectoryException("the directory at " + settings.url() + " refused StartTLS: " + r.getResultCode()
                            + (r.getDiagnosticMessage() == null ? "" : " (" + r.getDiagnosticMessage() + ")"));
                }
            } catch (LDAPException e) {
                c.close();
                throw new DirectoryException("StartTLS with " + settings.url() + " failed: " + describe(e), e);
            } catch (GeneralSecurityException e) {
                c.close();
                throw new DirectoryException("cannot set up TLS for " + settings.url() + ": " + e.getMessage(), e);
            }
        }
        return c;
    }

    private SSLUtil sslUtil() {
        X509TrustManager trust;
        if (settings.trustStorePath() == null) {
            trust = JVMDefaultTrustManager.getInstance();
        } else {
            char[] pin = settings.trustStorePasswordSealed() == null ? null
                    : secrets.open(DirectorySettings.TRUST_STORE_PASSWORD_PURPOSE, settings.trustStorePasswordSealed());
            trust = new TrustStoreTrustManager(settings.trustStorePath(), pin, null, true);
        }
        SSLUtil ssl = new SSLUtil(trust);
        return ssl;
    }

    /** The result code and the server's message, never a password (binds carry none in their errors). */
    static String describe(LDAPException e) {
        String diag = e.getDiagnosticMessage();
        if (diag != null && !diag.isBlank()) {
            return e.getResultCode() + ": " + diag;
        }
        // a connect error nests its reason (refused, timed out, certificate not trusted) a few causes down
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String reason = root != e && root.getMessage() != null ? root.getMessage() : e.getMessage();
        return e.getResultCode() + (reason == null ? "" : ": " + reason);
    }
}
