package org.palisade.sip;

import java.util.ArrayList;
import java.util.List;
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

    /** The factories and provider a listener needs to build and send messages. */
    public record SipContext(MessageFactory messages, HeaderFactory headers, AddressFactory addresses, SipSettings settings) {
    }

    public SipServer(SipSettings settings, Function<SipContext, SipListener> listenerFactory) {
        this.settings = settings;
        this.listenerFactory = listenerFactory;
    }

    public void start() throws Exception {
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        stack = factory.createSipStack(stackProperties());
        SipContext context = new SipContext(factory.createMessageFactory(), factory.createHeaderFactory(),
                factory.createAddressFactory(), settings);
        SipListener listener = listenerFactory.apply(context);
        if (settings.udpPort() > 0) {
            open(ListeningPoint.UDP, settings.udpPort(), listener);
        }
        if (settings.tcpPort() > 0) {
            open(ListeningPoint.TCP, settings.tcpPort(), listener);
        }
        stack.start();
        LOG.info("SIP listening on {} udp:{} tcp:{} for domain {}", settings.address(), settings.udpPort(),
                settings.tcpPort(), settings.domain());
    }

    private void open(String transport, int port, SipListener listener) throws Exception {
        ListeningPoint lp = stack.createListeningPoint(settings.address(), port, transport);
        SipProvider provider = stack.createSipProvider(lp);
        provider.addSipListener(listener);
        providers.add(provider);
    }

    private Properties stackProperties() {
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", "palisade-" + settings.address() + "-" + settings.udpPort() + "-" + settings.tcpPort());
        // Dialogs are tracked by Palisade where it needs them, not by the stack for every request.
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
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
