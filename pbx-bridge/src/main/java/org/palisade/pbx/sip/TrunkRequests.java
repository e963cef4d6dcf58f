package org.palisade.pbx.sip;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import org.palisade.core.trunk.Transport;
import org.palisade.core.trunk.Trunk;
import org.palisade.sip.NextHop;
import org.palisade.sip.SipServer.SipContext;

/** The REGISTER and OPTIONS Palisade sends to a trunk's peer, built from the trunk's row. */
final class TrunkRequests {

    static final int MAX_FORWARDS = 70;
    private static final List<String> USER_AGENT = List.of("Palisade");

    private final SipContext sip;

    TrunkRequests(SipContext sip) {
        this.sip = sip;
    }

    /**
     * The peer's address, its port or the transport's default. No DNS SRV (RFC 3263) yet: a peer
     * written without a port gets 5060, or 5061 for TLS.
     */
    static NextHop hop(Trunk t) {
        String transport = t.transport().name();
        return new NextHop(t.peerHost(), t.peerPort() != null ? t.peerPort() : NextHop.defaultPort(transport), transport);
    }

    /** {@code sip:host[:port]}, with {@code ;transport=} for TCP and TLS so the peer answers the same way. */
    SipURI peerUri(Trunk t) throws Exception {
        SipURI uri = sip.addresses().createSipURI(null, t.peerHost());
        if (t.peerPort() != null) {
            uri.setPort(t.peerPort());
        }
        transportParam(uri, t.transport());
        return uri;
    }

    /** Our binding at the peer: {@code sip:username@ADDRESS:PORT}, the port we listen on for the trunk's transport. */
    SipURI contactUri(Trunk t) throws Exception {
        SipURI uri = sip.addresses().createSipURI(t.username(), sip.settings().address());
        uri.setPort(sip.port(t.transport().name()));
        transportParam(uri, t.transport());
        return uri;
    }

    /** REGISTER for the trunk's address of record {@code sip:username@peerHost} (RFC 3261 10.2). */
    Request register(Trunk t, String callId, String fromTag, long cseq, int expires) throws Exception {
        HeaderFactory h = sip.headers();
        Request r = sip.messages().createRequest(peerUri(t), Request.REGISTER, h.createCallIdHeader(callId),
                h.createCSeqHeader(cseq, Request.REGISTER), h.createFromHeader(aor(t), fromTag), h.createToHeader(aor(t), null),
                new ArrayList<ViaHeader>(), h.createMaxForwardsHeader(MAX_FORWARDS));
        r.addHeader(h.createContactHeader(sip.addresses().createAddress(contactUri(t))));
        r.addHeader(h.createExpiresHeader(expires));
        r.addHeader(h.createUserAgentHeader(USER_AGENT));
        return r;
    }

    private Address aor(Trunk t) throws Exception {
        return sip.addresses().createAddress(sip.addresses().createSipURI(t.username(), t.peerHost()));
    }

    /** An out-of-dialog OPTIONS (RFC 3261 11.1), from {@code sip:palisade@DOMAIN}, each with its own Call-ID. */
    Request options(Trunk t) throws Exception {
        HeaderFactory h = sip.headers();
        SipURI peer = peerUri(t);
        Address from = sip.addresses().createAddress(sip.addresses().createSipURI("palisade", sip.settings().domain()));
        Request r = sip.messages().createRequest(peer, Request.OPTIONS, h.createCallIdHeader(newCallId()),
                h.createCSeqHeader(1L, Request.OPTIONS), h.createFromHeader(from, newTag()),
                h.createToHeader(sip.addresses().createAddress(peer), null), new ArrayList<ViaHeader>(),
                h.createMaxForwardsHeader(MAX_FORWARDS));
        r.addHeader(h.createUserAgentHeader(USER_AGENT));
        return r;
    }

    /** Puts digest credentials on {@code r}: Authorization for a 401, Proxy-Authorization for a 407. */
    void authorize(Request r, boolean proxy, String credentials) throws Exception {
        r.addHeader(sip.headers().createHeader(proxy ? "Proxy-Authorization" : "Authorization", credentials));
    }

    String newCallId() {
        return random() + "@" + sip.settings().address();
    }

    static String newTag() {
        return random();
    }

    private static String random() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return Long.toHexString(r.nextLong() & Long.MAX_VALUE) + Long.toHexString(r.nextLong() & Long.MAX_VALUE);
    }

    private static void transportParam(SipURI uri, Transport transport) throws Exception {
        if (transport != Transport.UDP) {
            uri.setTransportParam(transport.name().toLowerCase(Locale.ROOT));
        }
    }
}
