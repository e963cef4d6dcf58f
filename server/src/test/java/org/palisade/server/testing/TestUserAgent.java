package org.palisade.server.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.ClientTransaction;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.RSeqHeader;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.RouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.palisade.core.extension.DigestHashes;

/**
 * A softphone for call tests, on its own JAIN-SIP stack over loopback UDP, with Palisade as its
 * outbound proxy. It registers, places calls and messages (answering 407 challenges like a
 * phone), and answers incoming INVITEs the way the test asks: ring then answer, busy, or ring
 * forever. It builds its in-dialog requests itself from the Record-Route and Contact it saw,
 * so what Palisade gets is exactly what RFC 3261 says a phone sends. Everything it receives
 * is kept for the test to look at.
 */
public final class TestUserAgent implements AutoCloseable, SipListener {

    /** How this phone answers an incoming INVITE. */
    public enum Answer { RING_THEN_ANSWER, BUSY, RING_FOREVER }

    public static final String SDP = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
    private static final AtomicLong STACKS = new AtomicLong();
    private static final long WAIT_MS = 5000;

    private final String user;
    /** "udp", or "tls" when made with a trust store. */
    private final String transport;
    private final String password;
    private final String domain;
    private final int serverPort;
    private final SipStack stack;
    private final SipProvider provider;
    private final int localPort;
    private final MessageFactory messages;
    private final HeaderFactory headers;
    private final AddressFactory addresses;
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong cseq = new AtomicLong(1);
    private final AtomicLong nonceCount = new AtomicLong();
    private final Map<ClientTransaction, BlockingQueue<Response>> byTransaction = new ConcurrentHashMap<>();
    /** 2xx that arrive outside any transaction (retransmissions, a second fork branch), by Call-ID. */
    private final Map<String, BlockingQueue<Response>> stray2xx = new ConcurrentHashMap<>();
    private final List<Request> received = new CopyOnWriteArrayList<>();
    private final Map<String, Incoming> incoming = new ConcurrentHashMap<>();
    private volatile Incoming lastAnswered;
    private volatile Answer answer = Answer.RING_THEN_ANSWER;
    private volatile long answerDelayMs = 200;
    /** The SDP this phone offers and answers with; a media test gives each phone its own RTP port. */
    private volatile String sdp = SDP;

    public TestUserAgent(String user, String password, String domain, int serverPort) throws Exception {
        this(user, password, domain, serverPort, null);
    }

    /** Over TLS to {@code serverPort} (Palisade's TLS port) when {@code tls} is given, trusting what it trusts; else UDP. */
    public TestUserAgent(String user, String password, String domain, int serverPort, TestTls.ClientTrust tls) throws Exception {
        this.transport = tls == null ? "udp" : "tls";
        this.user = user;
        this.password = password;
        this.domain = domain;
        this.serverPort = serverPort;
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", "test-ua-" + STACKS.incrementAndGet());
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
        p.setProperty("gov.nist.javax.sip.LOG4J_LOGGER_NAME", "test-phone");
        p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        // So that tests can see the hop-by-hop ACK Palisade sends for a 487 or 486.
        p.setProperty("gov.nist.javax.sip.PASS_INVITE_NON_2XX_ACK_TO_LISTENER", "true");
        // Like a phone with an outbound proxy: everything without a Route goes to Palisade.
        p.setProperty("javax.sip.OUTBOUND_PROXY", "127.0.0.1:" + serverPort + "/" + transport);
        if (tls != null) {
            tls.apply(p);
        }
        stack = factory.createSipStack(p);
        messages = factory.createMessageFactory();
        headers = factory.createHeaderFactory();
        addresses = factory.createAddressFactory();
        localPort = tls == null ? TestPhone.freeUdpPort() : TestTls.freeTcpPort();
        ListeningPoint lp = stack.createListeningPoint("127.0.0.1", localPort, transport.toUpperCase(java.util.Locale.ROOT));
        provider = stack.createSipProvider(lp);
        provider.addSipListener(this);
        stack.start();
    }

    public String user() {
        return user;
    }

    public int localPort() {
        return localPort;
    }

    public String contact() {
        return "sip:" + user + "@127.0.0.1:" + localPort + ("tls".equals(transport) ? ";transport=tls" : "");
    }

    public void answerWith(Answer how) {
        this.answer = how;
    }

    /** The SDP for this phone's offers and answers from now on. */
    public void sdp(String sdp) {
        this.sdp = sdp;
    }

    /** An audio offer or answer: PCMU from {@code host}:{@code port}. */
    public static String audioSdp(String host, int port) {
        String family = host.contains(":") ? "IP6" : "IP4";
        return "v=0\r\no=- 1 1 IN " + family + " " + host + "\r\ns=-\r\nc=IN " + family + " " + host + "\r\nt=0 0\r\n"
                + "m=audio " + port + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
    }

    public void answerAfter(long millis) {
        this.answerDelayMs = millis;
    }

    // ---- registering ----------------------------------------------------------------------

    /** REGISTER this phone's contact with digest (SHA-256); fails the test unless 200. */
    public void register() throws Exception {
        Request r = request(Request.REGISTER, addresses.createSipURI(null, domain), user, provider.getNewCallId().getCallId(), null);
        r.addHeader(headers.createContactHeader(addresses.createAddress(addresses.createURI(contact()))));
        r.addHeader(headers.createExpiresHeader(600));
        Response first = send(r);
        if (first.getStatusCode() == Response.UNAUTHORIZED) {
            first = send(withCredentials(r, first));
        }
        if (first.getStatusCode() != Response.OK) {
            throw new AssertionError(user + " could not register: " + first);
        }
    }

    // ---- placing calls and messages ---------------------------------------------------------

    /** Sends INVITE to {@code number}; answers one 407 challenge, as phones do. */
    public Call call(String number) throws Exception {
        Request invite = request(Request.INVITE, target(number), user, provider.getNewCallId().getCallId(), null);
        invite.setContent(sdp, headers.createContentTypeHeader("application", "sdp"));
        return call(invite);
    }

    /** Sends a prepared INVITE (for tests that spoof or tamper with it). */
    public Call call(Request invite) throws Exception {
        Call call = new Call(invite);
        call.start();
        return call;
    }

    /** MESSAGE with a text/plain body; returns the final response, after answering a 407. */
    public Response message(String number, String text) throws Exception {
        Request m = request(Request.MESSAGE, target(number), user, provider.getNewCallId().getCallId(), null);
        m.setContent(text, headers.createContentTypeHeader("text", "plain"));
        return sendAuthenticated(m);
    }

    /** Sends, answers one 407 with credentials, and returns the final response. */
    public Response sendAuthenticated(Request request) throws Exception {
        Response first = send(request);
        if (first != null && first.getStatusCode() == Response.PROXY_AUTHENTICATION_REQUIRED) {
            return send(withCredentials(request, first));
        }
        return first;
    }

    /** A new out-of-dialog request from this phone: From is {@code fromUser}, Request-URI the number at the domain. */
    public Request request(String method, String number, String fromUser) throws Exception {
        return request(method, target(number), fromUser, provider.getNewCallId().getCallId(), null);
    }

    private URI target(String number) throws Exception {
        return addresses.createSipURI(number, domain);
    }

    private Request request(String method, URI requestUri, String fromUser, String callId, String toTag) throws Exception {
        Address from = addresses.createAddress(addresses.createSipURI(fromUser, domain));
        Address to = addresses.createAddress(Request.REGISTER.equals(method) ? addresses.createSipURI(user, domain) : requestUri);
        Request r = messages.createRequest(requestUri, method, headers.createCallIdHeader(callId),
                headers.createCSeqHeader(cseq.getAndIncrement(), method), headers.createFromHeader(from, "f" + System.nanoTime()),
                headers.createToHeader(to, toTag), List.of(via()), headers.createMaxForwardsHeader(70));
        if (Request.INVITE.equals(method)) {
            r.addHeader(headers.createContactHeader(addresses.createAddress(addresses.createURI(contact()))));
        }
        return r;
    }

    private ViaHeader via() throws Exception {
        ViaHeader via = headers.createViaHeader("127.0.0.1", localPort, transport, "z9hG4bK" + Long.toHexString(System.nanoTime()));
        via.setRPort();
        return via;
    }

    /** Sends in a new client transaction and waits for its final response (null after 5 s). */
    public Response send(Request request) throws Exception {
        BlockingQueue<Response> queue = new LinkedBlockingQueue<>();
        ClientTransaction tx = provider.getNewClientTransaction(request);
        byTransaction.put(tx, queue);
        tx.sendRequest();
        return awaitFinal(queue);
    }

    private static Response awaitFinal(BlockingQueue<Response> queue) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (System.currentTimeMillis() < deadline) {
            Response r = queue.poll(50, TimeUnit.MILLISECONDS);
            if (r != null && r.getStatusCode() >= 200) {
                return r;
            }
        }
        return null;
    }

    /** The same request with the next CSeq, a new branch and digest credentials answering {@code challenge}'s 401 or 407. */
    private Request withCredentials(Request request, Response challenge) throws Exception {
        boolean proxy = challenge.getStatusCode() == Response.PROXY_AUTHENTICATION_REQUIRED;
        WWWAuthenticateHeader offer = null;
        for (ListIterator<?> it = challenge.getHeaders(proxy ? ProxyAuthenticateHeader.NAME : WWWAuthenticateHeader.NAME); it.hasNext(); ) {
            WWWAuthenticateHeader h = (WWWAuthenticateHeader) it.next();
            if ("SHA-256".equalsIgnoreCase(h.getAlgorithm()) || offer == null) {
                offer = h;
            }
        }
        Request again = (Request) request.clone();
        again.removeHeader(proxy ? "Proxy-Authorization" : AuthorizationHeader.NAME);
        ((CSeqHeader) again.getHeader(CSeqHeader.NAME)).setSeqNumber(cseq.getAndIncrement());
        again.setHeader(via());
        String uri = request.getRequestURI().toString();
        String alg = offer.getAlgorithm();
        long count = nonceCount.incrementAndGet();
        String nc = String.format("%08x", count);
        String cnonce = Long.toHexString(System.nanoTime());
        String ha1 = DigestHashes.hex(alg, user + ":" + offer.getRealm() + ":" + password);
        String ha2 = DigestHashes.hex(alg, request.getMethod() + ":" + uri);
        AuthorizationHeader a = proxy ? headers.createProxyAuthorizationHeader("Digest") : headers.createAuthorizationHeader("Digest");
        a.setUsername(user);
        a.setRealm(offer.getRealm());
        a.setNonce(offer.getNonce());
        a.setURI(addresses.createURI(uri));
        a.setResponse(DigestHashes.hex(alg, ha1 + ":" + offer.getNonce() + ":" + nc + ":" + cnonce + ":auth:" + ha2));
        a.setAlgorithm(alg);
        a.setQop("auth");
        a.setNonceCount((int) count);
        a.setCNonce(cnonce);
        again.addHeader(a);
        return again;
    }

    /** One outgoing call: its INVITE transaction, the responses, and once answered, its dialog. */
    public final class Call {

        private Request invite;
        private ClientTransaction tx;
        private final BlockingQueue<Response> responses = new LinkedBlockingQueue<>();
        private final List<Response> all = new CopyOnWriteArrayList<>();
        private Response answered;

        private Call(Request invite) {
            this.invite = invite;
        }

        private void start() throws Exception {
            send(invite);
            Response first = awaitFinalOrNull(1000);
            if (first != null && first.getStatusCode() == Response.PROXY_AUTHENTICATION_REQUIRED) {
                invite = withCredentials(invite, first);
                send(invite);
            } else if (first != null) {
                responses.add(first); // the final answer itself, for the test to see
            }
        }

        private void send(Request request) throws Exception {
            tx = provider.getNewClientTransaction(request);
            BlockingQueue<Response> q = new LinkedBlockingQueue<>() {
                @Override
                public boolean add(Response r) {
                    all.add(r);
                    return responses.add(r);
                }
            };
            byTransaction.put(tx, q);
            tx.sendRequest();
        }

        private Response awaitFinalOrNull(long millis) throws InterruptedException {
            long deadline = System.currentTimeMillis() + millis;
            while (System.currentTimeMillis() < deadline) {
                Response r = responses.poll(20, TimeUnit.MILLISECONDS);
                if (r != null && r.getStatusCode() >= 200) {
                    return r;
                }
            }
            return null;
        }

        public Request invite() {
            return invite;
        }

        /** The final response to the (authenticated) INVITE, within {@code seconds}. */
        public Response awaitFinal(int seconds) throws InterruptedException {
            Response r = awaitFinalOrNull(seconds * 1000L);
            if (r != null && r.getStatusCode() / 100 == 2) {
                answered = r;
            }
            return r;
        }

        public Response awaitFinal() throws InterruptedException {
            return awaitFinal(5);
        }

        /** Waits until a response with {@code code} came back (provisional or final). */
        public Response awaitResponse(int code) throws InterruptedException {
            long deadline = System.currentTimeMillis() + WAIT_MS;
            while (System.currentTimeMillis() < deadline) {
                for (Response r : all) {
                    if (r.getStatusCode() == code) {
                        return r;
                    }
                }
                Thread.sleep(20);
            }
            return null;
        }

        /** Every response this call's INVITE got so far, 100 Trying included. */
        public List<Response> responses() {
            return Collections.unmodifiableList(all);
        }

        /** 2xx that came outside the INVITE transaction: a second branch of a fork answering too. */
        public List<Response> extra2xx() {
            BlockingQueue<Response> q = stray2xx.get(callId(invite));
            return q == null ? List.of() : new ArrayList<>(q);
        }

        public void cancel() throws Exception {
            provider.getNewClientTransaction(tx.createCancel()).sendRequest();
        }

        /** ACK for the 2xx: Request-URI its Contact, Route its Record-Route reversed (RFC 3261 13.2.2.4). */
        public Request ack() throws Exception {
            Request ack = inDialog(Request.ACK, ((CSeqHeader) invite.getHeader(CSeqHeader.NAME)).getSeqNumber());
            provider.sendRequest(ack);
            return ack;
        }

        public Response bye() throws Exception {
            return TestUserAgent.this.send(inDialog(Request.BYE, cseq.getAndIncrement()));
        }

        /** A re-INVITE with the same SDP; ACKs its 2xx. */
        public Response reInvite() throws Exception {
            Request re = inDialog(Request.INVITE, cseq.getAndIncrement());
            re.addHeader(headers.createContactHeader(addresses.createAddress(addresses.createURI(contact()))));
            re.setContent(sdp, headers.createContentTypeHeader("application", "sdp"));
            Response ok = TestUserAgent.this.send(re);
            if (ok != null && ok.getStatusCode() / 100 == 2) {
                Request ack = inDialog(Request.ACK, ((CSeqHeader) re.getHeader(CSeqHeader.NAME)).getSeqNumber());
                provider.sendRequest(ack);
            }
            return ok;
        }

        /** PRACK for a reliable provisional response (RFC 3262), in the early dialog it set up; its final answer. */
        public Response prack(Response reliable) throws Exception {
            Request prack = inDialog(Request.PRACK, cseq.getAndIncrement(), reliable);
            CSeqHeader of = (CSeqHeader) reliable.getHeader(CSeqHeader.NAME);
            prack.addHeader(headers.createRAckHeader(((RSeqHeader) reliable.getHeader(RSeqHeader.NAME)).getSequenceNumber(),
                    (int) of.getSeqNumber(), of.getMethod()));
            return TestUserAgent.this.send(prack);
        }

        private Request inDialog(String method, long number) throws Exception {
            if (answered == null) {
                throw new IllegalStateException("not answered");
            }
            return inDialog(method, number, answered);
        }

        /** A request in the dialog that {@code dialogResponse} (a 2xx, or a provisional with a To tag) set up. */
        private Request inDialog(String method, long number, Response dialogResponse) throws Exception {
            List<RouteHeader> routes = new ArrayList<>();
            for (ListIterator<?> it = dialogResponse.getHeaders(RecordRouteHeader.NAME); it.hasNext(); ) {
                routes.add(0, headers.createRouteHeader(((RecordRouteHeader) it.next()).getAddress()));
            }
            URI target = ((ContactHeader) dialogResponse.getHeader(ContactHeader.NAME)).getAddress().getURI();
            FromHeader from = (FromHeader) invite.getHeader(FromHeader.NAME);
            ToHeader to = (ToHeader) dialogResponse.getHeader(ToHeader.NAME);
            Request r = messages.createRequest(target, method, headers.createCallIdHeader(callId(invite)),
                    headers.createCSeqHeader(number, method), (FromHeader) from.clone(), (ToHeader) to.clone(), List.of(via()),
                    headers.createMaxForwardsHeader(70));
            routes.forEach(r::addHeader);
            return r;
        }
    }

    // ---- being called -------------------------------------------------------------------------

    /** An INVITE this phone received, and the To tag it answers with. */
    private record Incoming(Request invite, ServerTransaction tx, String tag) {
    }

    /** Everything received so far, in order. */
    public List<Request> received() {
        return List.copyOf(received);
    }

    public List<Request> received(String method) {
        return received.stream().filter(r -> r.getMethod().equals(method)).toList();
    }

    /** Waits up to 5 s for the {@code n}th (1-based) request with {@code method}; null when it does not come. */
    public Request awaitRequest(String method, int n) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (System.currentTimeMillis() < deadline) {
            List<Request> seen = received(method);
            if (seen.size() >= n) {
                return seen.get(n - 1);
            }
            Thread.sleep(20);
        }
        return null;
    }

    public Request awaitRequest(String method) throws InterruptedException {
        return awaitRequest(method, 1);
    }

    /** BYE from this phone, the callee, for the last call it answered (route set from the INVITE's Record-Route). */
    public Response hangUp() throws Exception {
        Incoming call = lastAnswered;
        Request invite = call.invite();
        List<RouteHeader> routes = new ArrayList<>();
        for (ListIterator<?> it = invite.getHeaders(RecordRouteHeader.NAME); it.hasNext(); ) {
            routes.add(headers.createRouteHeader(((RecordRouteHeader) it.next()).getAddress()));
        }
        URI target = ((ContactHeader) invite.getHeader(ContactHeader.NAME)).getAddress().getURI();
        ToHeader theirTo = (ToHeader) invite.getHeader(ToHeader.NAME);
        FromHeader theirFrom = (FromHeader) invite.getHeader(FromHeader.NAME);
        Request bye = messages.createRequest(target, Request.BYE, headers.createCallIdHeader(callId(invite)),
                headers.createCSeqHeader(cseq.getAndIncrement(), Request.BYE),
                headers.createFromHeader(theirTo.getAddress(), call.tag()),
                headers.createToHeader(theirFrom.getAddress(), theirFrom.getTag()), List.of(via()), headers.createMaxForwardsHeader(70));
        routes.forEach(bye::addHeader);
        return send(bye);
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        received.add(request);
        try {
            if (Request.ACK.equals(request.getMethod())) {
                return;
            }
            ServerTransaction st = event.getServerTransaction() != null ? event.getServerTransaction()
                    : provider.getNewServerTransaction(request);
            String toTag = ((ToHeader) request.getHeader(ToHeader.NAME)).getTag();
            switch (request.getMethod()) {
                case Request.INVITE -> {
                    if (toTag == null) {
                        ring(request, st);
                    } else {
                        st.sendResponse(withSdp(reply(request, Response.OK, toTag)));
                    }
                }
                case Request.CANCEL -> {
                    st.sendResponse(reply(request, Response.OK, null));
                    Incoming call = incoming.remove(((ViaHeader) request.getHeader(ViaHeader.NAME)).getBranch());
                    if (call != null) {
                        call.tx().sendResponse(reply(call.invite(), Response.REQUEST_TERMINATED, call.tag()));
                    }
                }
                default -> st.sendResponse(reply(request, Response.OK, toTag == null ? "t" + System.nanoTime() : toTag));
            }
        } catch (Exception e) {
            // A test phone that cannot answer shows up as a missing response in the test.
        }
    }

    private void ring(Request invite, ServerTransaction st) throws Exception {
        String tag = "c" + Long.toHexString(System.nanoTime());
        String branch = ((ViaHeader) invite.getHeader(ViaHeader.NAME)).getBranch();
        Answer how = answer;
        if (how == Answer.BUSY) {
            st.sendResponse(reply(invite, Response.BUSY_HERE, tag));
            return;
        }
        incoming.put(branch, new Incoming(invite, st, tag));
        st.sendResponse(reply(invite, Response.RINGING, tag));
        if (how == Answer.RING_THEN_ANSWER) {
            later.schedule(() -> {
                Incoming call = incoming.remove(branch);
                if (call != null) {
                    try {
                        st.sendResponse(withSdp(reply(invite, Response.OK, tag)));
                        lastAnswered = call;
                    } catch (Exception e) {
                        // cancelled meanwhile
                    }
                }
            }, answerDelayMs, TimeUnit.MILLISECONDS);
        }
    }

    private Response reply(Request request, int code, String tag) throws Exception {
        Response r = messages.createResponse(code, request);
        if (tag != null) {
            ((ToHeader) r.getHeader(ToHeader.NAME)).setTag(tag);
        }
        if (code / 100 == 2 || code == Response.RINGING) {
            r.addHeader(headers.createContactHeader(addresses.createAddress(addresses.createURI(contact()))));
        }
        return r;
    }

    private Response withSdp(Response r) throws Exception {
        r.setContent(sdp, headers.createContentTypeHeader("application", "sdp"));
        return r;
    }

    private static String callId(Request r) {
        return ((CallIdHeader) r.getHeader(CallIdHeader.NAME)).getCallId();
    }

    @Override
    public void processResponse(ResponseEvent event) {
        Response r = event.getResponse();
        ClientTransaction tx = event.getClientTransaction();
        BlockingQueue<Response> q = tx == null ? null : byTransaction.get(tx);
        if (q != null) {
            q.add(r);
        } else if (r.getStatusCode() / 100 == 2) {
            stray2xx.computeIfAbsent(((CallIdHeader) r.getHeader(CallIdHeader.NAME)).getCallId(), k -> new LinkedBlockingQueue<>()).add(r);
        }
    }

    /** Max-Forwards of a received request, for hop-count checks. */
    public static int maxForwards(Request r) {
        return ((MaxForwardsHeader) r.getHeader(MaxForwardsHeader.NAME)).getMaxForwards();
    }

    public SipURI serverUri() throws Exception {
        SipURI uri = addresses.createSipURI(null, "127.0.0.1");
        uri.setPort(serverPort);
        return uri;
    }

    public HeaderFactory headers() {
        return headers;
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
        later.shutdownNow();
        stack.stop();
    }
}
