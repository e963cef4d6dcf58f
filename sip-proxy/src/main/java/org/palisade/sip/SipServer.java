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
     * {@code providers} maps a transport (upper case, "UDP"/"TCP") to the provider listening on
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
            return "TCP".equalsIgnoreCase(transport) ? settings.tcpPort() : settings.udpPort();
        }
    }

    public SipServer(SipSettings settings, Function<SipContext, SipListener> listenerFactory) {
        this.settings = settings;
        this.listenerFactory = listenerFactory;
    }

    public void start() throws Exception {
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        stack = factory.createSipStack(stackProperties());
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
        stack.start();
        LOG.info("SIP listening on {} udp:{} tcp:{} for domain {}", settings.address(), settings.udpPort(),
                settings.tcpPort(), settings.domain());
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
        p.setProperty("javax.sip.STACK_NAME", "palisade-" + settings.address() + "-" + settings.udpPort() + "-" + settings.tcpPort());
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
        return p;
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
