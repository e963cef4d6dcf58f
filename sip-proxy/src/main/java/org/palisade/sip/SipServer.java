package org.palisade.sip;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Properties;
import java.util.function.Function;
import javax.sip.ListeningPoint;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JAIN-SIP stack with its listening points, started and stopped as one component. What
 * happens to a request is the listener's business ({@link RequestRoute}).
 */
public final class SipServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SipServer.class);

    private final SipSettings settings;
    private final Function<SipContext, SipListener> listenerFactory;
    private SipStack stack;
    private final List<SipProvider> providers = new ArrayList<>();

    /**
     * The factories, providers and router a listener needs to build and send messages.
     * {@code providers} maps a transport (upper case, "UDP"/"TCP"/"TLS") to the provider listening on
     * it; it is filled while the listening points open, before the first request can arrive.
     */
    public record SipContext(MessageFactory messages, HeaderFactory headers, AddressFactory addresses, SipSettings settings,
                             Map<String, SipProvider> providers, PinnedRouter router) {

        public SipProvider provider(String transport) {
            SipProvider p = providers.get(transport.toUpperCase(Locale.ROOT));
            if (p == null) {
                throw new IllegalArgumentException("no listening point for transport " + transport);
            }
            return p;
        }

        /** The port Palisade listens on for {@code transport}. */
        public int port(String transport) {
            if ("TLS".equalsIgnoreCase(transport)) {
                return settings.tlsPort();
            }
            return "TCP".equalsIgnoreCase(transport) ? settings.tcpPort() : settings.udpPort();
        }
    }

    public SipServer(SipSettings settings, Function<SipContext, SipListener> listenerFactory) {
        this.settings = settings;
        this.listenerFactory = listenerFactory;
    }

    public void start() throws Exception {
        // The stack would swallow a bad keystore (see TlsKeystore): check it first, never start half-secure.
        TlsKeystore.Identity identity = settings.tls() ? TlsKeystore.check(settings.tlsKeystore(), settings.tlsKeystorePassword()) : null;
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        stack = factory.createSipStack(stackProperties());
        if (settings.tls() && !(((gov.nist.javax.sip.SipStackImpl) stack).getNetworkLayer() instanceof gov.nist.core.net.SslNetworkLayer)) {
            stack.stop();
            stack = null;
            throw new IllegalArgumentException("sip.tls-keystore: the SIP stack could not set up TLS with " + settings.tlsKeystore());
        }
        Map<String, SipProvider> byTransport = new ConcurrentHashMap<>();
        SipContext context = new SipContext(factory.createMessageFactory(), factory.createHeaderFactory(),
                factory.createAddressFactory(), settings, byTransport, (PinnedRouter) stack.getRouter());
        SipListener listener = listenerFactory.apply(context);
        if (settings.udpPort() > 0) {
            byTransport.put(ListeningPoint.UDP, open(ListeningPoint.UDP, settings.udpPort(), listener));
        }
        if (settings.tcpPort() > 0) {
            byTransport.put(ListeningPoint.TCP, open(ListeningPoint.TCP, settings.tcpPort(), listener));
        }
        if (settings.tls()) {
            byTransport.put(ListeningPoint.TLS, open(ListeningPoint.TLS, settings.tlsPort(), listener));
        }
        stack.start();
        LOG.info("SIP listening on {} udp:{} tcp:{} tls:{} for domain {}", settings.address(), settings.udpPort(),
                settings.tcpPort(), settings.tlsPort(), settings.domain());
        if (identity != null) {
            LOG.info("TLS certificate '{}' for {}, valid until {}", identity.alias(), identity.subject(), identity.notAfter());
            if (identity.notAfter().before(new java.util.Date())) {
                LOG.warn("the TLS certificate in {} has expired: phones will refuse to connect", settings.tlsKeystore());
            }
        }
    }

    private SipProvider open(String transport, int port, SipListener listener) throws Exception {
        ListeningPoint lp = stack.createListeningPoint(settings.address(), port, transport);
        SipProvider provider = stack.createSipProvider(lp);
        provider.addSipListener(listener);
        providers.add(provider);
        return provider;
    }

    private Properties stackProperties() {
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", "palisade-" + settings.address() + "-" + settings.udpPort() + "-" + settings.tcpPort()
                + "-" + settings.tlsPort());
        // Dialogs are tracked by Palisade where it needs them, not by the stack for every request.
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        // Every request Palisade sends goes where the proxy decided (see PinnedRouter), sip: URIs included.
        p.setProperty("javax.sip.ROUTER_PATH", PinnedRouter.class.getName());
        p.setProperty("javax.sip.USE_ROUTER_FOR_ALL_URIS", "true");
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", Integer.toString(settings.threads()));
        // A stream peer may not make the stack buffer an endless message.
        p.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", "65536");
        p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
        p.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "false");
        // Under one logger name, so that logback.xml can quieten the stack's chatter (TLS defaults etc.).
        p.setProperty("gov.nist.javax.sip.LOG4J_LOGGER_NAME", "gov.nist.javax.sip");
        if (settings.tls()) {
            tlsProperties(p);
        }
        return p;
    }

    /**
     * SIP over TLS (RFC 3261 26.2). NIST JAIN-SIP reads these in the SipStackImpl constructor
     * (names checked against jain-sip-ri 1.3.0-91).
     */
    private void tlsProperties(Properties p) {
        p.setProperty("javax.net.ssl.keyStore", settings.tlsKeystore().toString());
        p.setProperty("javax.net.ssl.keyStorePassword", settings.tlsKeystorePassword());
        p.setProperty("javax.net.ssl.keyStoreType", "PKCS12");
        // The trust store is only used when Palisade itself is the TLS client, which it avoids: a
        // request to a TLS phone goes down the connection the phone opened when it registered
        // (the stack reuses it, and the binding holds that connection's address and port).
        // It is the keystore itself (the stack's own default too): Palisade trusts its own
        // certificate and nothing else, rather than every CA in the JDK.
        p.setProperty("javax.net.ssl.trustStore", settings.tlsKeystore().toString());
        p.setProperty("javax.net.ssl.trustStorePassword", settings.tlsKeystorePassword());
        p.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
        // No client certificates. Phones authenticate with digest inside the TLS session, and
        // "Want" is not harmless: many desk phones carry a factory certificate from their
        // vendor's CA and send it when asked; JSSE then fails the whole handshake because that CA
        // is not in our trust store. "Disabled" neither asks nor checks (DisabledAll would also
        // make SslNetworkLayer install a trust-everything manager, "bypassing all cert validations").
        p.setProperty("gov.nist.javax.sip.TLS_CLIENT_AUTH_TYPE", "Disabled");
        // Despite its name the stack applies this list to its server sockets too (TLSMessageProcessor).
        // TLSv1.2 and TLSv1.3 only: 1.0 and 1.1 are deprecated by RFC 8996. The stack's default is TLSv1.2,1.1,1.
        p.setProperty("gov.nist.javax.sip.TLS_CLIENT_PROTOCOLS", "TLSv1.3,TLSv1.2");
        // The stack's default suites are RSA key exchange with CBC, 3DES and anonymous DH, and none
        // would even work with an EC key. Mozilla's "intermediate" list instead: forward-secret
        // AEAD suites, for ECDSA and RSA certificates, plus the TLSv1.3 suites.
        p.setProperty("gov.nist.javax.sip.ENABLED_CIPHER_SUITES", String.join(",", cipherSuites()));
        // A peer that connects and never finishes the handshake is dropped after 10 s (milliseconds).
        p.setProperty("gov.nist.javax.sip.SSL_HANDSHAKE_TIMEOUT", "10000");
    }

    private static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    /** Those of {@link #CIPHER_SUITES} this JVM supports (an unknown name would fail every socket). */
    private static List<String> cipherSuites() {
        try {
            List<String> supported = List.of(javax.net.ssl.SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());
            return CIPHER_SUITES.stream().filter(supported::contains).toList();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("no TLS in this JVM", e);
        }
    }

    @Override
    public void close() {
        if (stack == null) {
            return;
        }
        for (SipProvider provider : providers) {
            try {
                stack.deleteSipProvider(provider);
            } catch (Exception e) {
                LOG.debug("closing provider: {}", e.toString());
            }
        }
        List<ListeningPoint> points = new ArrayList<>();
        stack.getListeningPoints().forEachRemaining(lp -> points.add((ListeningPoint) lp));
        for (ListeningPoint lp : points) {
            try {
                stack.deleteListeningPoint(lp);
            } catch (Exception e) {
                LOG.debug("closing listening point: {}", e.toString());
            }
        }
        stack.stop();
        stack = null;
        providers.clear();
    }
}
