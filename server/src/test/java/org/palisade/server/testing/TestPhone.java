package org.palisade.server.testing;

import java.net.DatagramSocket;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.ClientTransaction;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ViaHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.palisade.core.extension.DigestHashes;

/**
 * A SIP phone for tests, on its own JAIN-SIP stack over loopback UDP: it builds REGISTERs,
 * answers digest challenges like a real phone would and hands back the final response.
 */
public final class TestPhone implements AutoCloseable, SipListener {

    private static final AtomicLong STACKS = new AtomicLong();

    private final String user;
    /** "udp", or "tls" when made with a trust store. */
    private final String transport;
    private final String domain;
    private final int serverPort;
    private final SipStack stack;
    private final SipProvider provider;
    private final int localPort;
    private final MessageFactory messages;
    private final HeaderFactory headers;
    private final AddressFactory addresses;
    private final BlockingQueue<Response> responses = new LinkedBlockingQueue<>();
    private final String callId;
    private long cseq = 1;
    private long nc = 0;

    public TestPhone(String user, String domain, int serverPort) throws Exception {
        this(user, domain, serverPort, null);
    }

    /** Over TLS to {@code serverPort} (Palisade's TLS port) when {@code tls} is given, trusting what it trusts; else UDP. */
    public TestPhone(String user, String domain, int serverPort, TestTls.ClientTrust tls) throws Exception {
        this.transport = tls == null ? "udp" : "tls";
        this.user = user;
        this.domain = domain;
        this.serverPort = serverPort;
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", "test-phone-" + STACKS.incrementAndGet());
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
        p.setProperty("gov.nist.javax.sip.LOG4J_LOGGER_NAME", "test-phone");
        // Like a phone configured with an outbound proxy: requests for the domain go to Palisade.
        p.setProperty("javax.sip.OUTBOUND_PROXY", "127.0.0.1:" + serverPort + "/" + transport);
        if (tls != null) {
            tls.apply(p);
        }
        stack = factory.createSipStack(p);
        messages = factory.createMessageFactory();
        headers = factory.createHeaderFactory();
        addresses = factory.createAddressFactory();
        localPort = tls == null ? freeUdpPort() : TestTls.freeTcpPort();
        ListeningPoint lp = stack.createListeningPoint("127.0.0.1", localPort, transport.toUpperCase(java.util.Locale.ROOT));
        provider = stack.createSipProvider(lp);
        provider.addSipListener(this);
        stack.start();
        callId = provider.getNewCallId().getCallId();
    }

    public int localPort() {
        return localPort;
    }

    public String contact() {
        return "sip:" + user + "@127.0.0.1:" + localPort + ("tls".equals(transport) ? ";transport=tls" : "");
    }

    /** A REGISTER of this phone's own contact, without credentials. */
    public Request register(Integer expires) throws Exception {
        return register(user, expires, List.of(contact()));
    }

    /** A REGISTER for {@code aor} with the given contacts ("*" for the wildcard); same Call-ID, next CSeq. */
    public Request register(String aor, Integer expires, List<String> contacts) throws Exception {
        SipURI requestUri = addresses.createSipURI(null, domain);
        requestUri.setPort(serverPort);
        Address to = addresses.createAddress(addresses.createSipURI(aor, domain));
        ViaHeader via = headers.createViaHeader("127.0.0.1", localPort, transport, null);
        via.setRPort();
        Request r = messages.createRequest(requestUri, Request.REGISTER, headers.createCallIdHeader(callId),
                headers.createCSeqHeader(cseq++, Request.REGISTER), headers.createFromHeader(to, "t" + System.nanoTime()),
                headers.createToHeader(to, null), List.of(via), headers.createMaxForwardsHeader(70));
        for (String c : contacts) {
            r.addHeader(headers.createHeader("Contact", c.startsWith("sip:") ? "<" + c + ">" : c));
        }
        if (expires != null) {
            r.addHeader(headers.createExpiresHeader(expires));
        }
        r.addHeader(headers.createUserAgentHeader(List.of("PalisadeTestPhone/1.0")));
        return r;
    }

    public Request options() throws Exception {
        SipURI uri = addresses.createSipURI(null, "127.0.0.1");
        uri.setPort(serverPort);
        Address from = addresses.createAddress(addresses.createSipURI(user, domain));
        ViaHeader via = headers.createViaHeader("127.0.0.1", localPort, transport, null);
        return messages.createRequest(uri, Request.OPTIONS, provider.getNewCallId(),
                headers.createCSeqHeader(1L, Request.OPTIONS), headers.createFromHeader(from, "o" + System.nanoTime()),
                headers.createToHeader(addresses.createAddress(uri), null), List.of(via), headers.createMaxForwardsHeader(70));
    }

    /** Sends in a new client transaction and waits for the final response (null after 5 s). */
    public Response send(Request request) throws Exception {
        responses.clear();
        ClientTransaction tx = provider.getNewClientTransaction(request);
        tx.sendRequest();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            Response r = responses.poll(100, TimeUnit.MILLISECONDS);
            if (r != null && r.getStatusCode() >= 200) {
                return r;
            }
        }
        return null;
    }

    /** The full dance: send, and if challenged, answer with {@code algorithm} (SHA-256 or MD5). */
    public Response registerWith(Request request, String password, String algorithm) throws Exception {
        Response first = send(request);
        if (first == null || first.getStatusCode() != Response.UNAUTHORIZED) {
            return first;
        }
        return send(authorize(request, challenge(first, algorithm), password));
    }

    public static WWWAuthenticateHeader challenge(Response r, String algorithm) {
        for (var it = r.getHeaders(WWWAuthenticateHeader.NAME); it.hasNext(); ) {
            WWWAuthenticateHeader h = (WWWAuthenticateHeader) it.next();
            if (algorithm.equalsIgnoreCase(h.getAlgorithm())) {
                return h;
            }
        }
        throw new AssertionError("no " + algorithm + " challenge in " + r);
    }

    /** A copy of {@code request} with the next CSeq and an Authorization header answering {@code challenge}. */
    public Request authorize(Request request, WWWAuthenticateHeader challenge, String password) throws Exception {
        Request again = (Request) request.clone();
        again.removeHeader(AuthorizationHeader.NAME);
        ((CSeqHeader) again.getHeader(CSeqHeader.NAME)).setSeqNumber(cseq++);
        ((ViaHeader) again.getHeader(ViaHeader.NAME)).setBranch("z9hG4bK" + System.nanoTime());
        again.addHeader(authorization(request.getMethod(), user, challenge, password, ++nc));
        return again;
    }

    public AuthorizationHeader authorization(String method, String username, WWWAuthenticateHeader challenge, String password,
                                             long count) throws Exception {
        String alg = challenge.getAlgorithm();
        String uri = "sip:" + domain;
        String ncText = String.format("%08x", count);
        String cnonce = Long.toHexString(System.nanoTime());
        String ha1 = DigestHashes.hex(alg, username + ":" + challenge.getRealm() + ":" + password);
        String ha2 = DigestHashes.hex(alg, method + ":" + uri);
        String response = DigestHashes.hex(alg, ha1 + ":" + challenge.getNonce() + ":" + ncText + ":" + cnonce + ":auth:" + ha2);
        AuthorizationHeader a = headers.createAuthorizationHeader("Digest");
        a.setUsername(username);
        a.setRealm(challenge.getRealm());
        a.setNonce(challenge.getNonce());
        a.setURI(addresses.createURI(uri));
        a.setResponse(response);
        a.setAlgorithm(alg);
        a.setQop("auth");
        a.setNonceCount((int) count);
        a.setCNonce(cnonce);
        return a;
    }

    /** Resends exactly this request, Authorization included, in a new transaction: a replay. */
    public Response replay(Request authorized) throws Exception {
        Request copy = (Request) authorized.clone();
        ((ViaHeader) copy.getHeader(ViaHeader.NAME)).setBranch("z9hG4bK" + System.nanoTime());
        ((CSeqHeader) copy.getHeader(CSeqHeader.NAME)).setSeqNumber(cseq++);
        return send(copy);
    }

    public static List<String> contacts(Response r) {
        List<String> out = new java.util.ArrayList<>();
        for (var it = r.getHeaders(ContactHeader.NAME); it.hasNext(); ) {
            ContactHeader c = (ContactHeader) it.next();
            out.add(c.getAddress().getURI() + ";expires=" + c.getExpires());
        }
        return out;
    }

    public String callId() {
        return callId;
    }

    @Override
    public void processResponse(ResponseEvent event) {
        responses.add(event.getResponse());
    }

    @Override
    public void processRequest(RequestEvent event) {
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
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

    @Override
    public void close() {
        stack.stop();
    }

    public static int freeUdpPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

}
