package org.palisade.pbx.sip;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicReference;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.SipListener;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import org.palisade.sip.ClientCallback;
import org.palisade.sip.SipServer;
import org.palisade.sip.SipServer.SipContext;
import org.palisade.sip.SipSettings;

/**
 * A real Palisade SIP server on a free loopback UDP port whose listener does for client
 * transactions what the proxy's does: hands responses and timeouts to the {@link ClientCallback}
 * in the application data. Requests to it are ignored.
 */
final class TestSip implements AutoCloseable {

    static final String ADDRESS = "127.0.0.1";
    static final String DOMAIN = "palisade.test";

    private final SipServer server;
    private final SipContext context;
    private final int port;

    private TestSip(SipServer server, SipContext context, int port) {
        this.server = server;
        this.context = context;
        this.port = port;
    }

    static TestSip start() throws Exception {
        int port = freeUdpPort();
        AtomicReference<SipContext> context = new AtomicReference<>();
        SipServer server = new SipServer(new SipSettings(ADDRESS, port, 0, DOMAIN, 4), c -> {
            context.set(c);
            return new CallbackListener();
        });
        server.start();
        return new TestSip(server, context.get(), port);
    }

    SipContext context() {
        return context;
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        server.close();
    }

    static int freeUdpPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName(ADDRESS))) {
            return s.getLocalPort();
        }
    }

    private static final class CallbackListener implements SipListener {

        @Override
        public void processResponse(ResponseEvent event) {
            if (event.getClientTransaction() != null && event.getClientTransaction().getApplicationData() instanceof ClientCallback c) {
                c.response(event.getResponse());
            }
        }

        @Override
        public void processTimeout(TimeoutEvent event) {
            if (!event.isServerTransaction() && event.getClientTransaction().getApplicationData() instanceof ClientCallback c) {
                c.timeout();
            }
        }

        @Override
        public void processRequest(RequestEvent event) {
        }

        @Override
        public void processIOException(IOExceptionEvent event) {
        }

        @Override
        public void processTransactionTerminated(TransactionTerminatedEvent event) {
        }

        @Override
        public void processDialogTerminated(DialogTerminatedEvent event) {
        }
    }
}
