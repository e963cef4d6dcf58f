package org.palisade.relay.ng;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.palisade.relay.engine.Allocation;
import org.palisade.relay.engine.AnswerRequest;
import org.palisade.relay.engine.LegMedia;
import org.palisade.relay.engine.MediaInterface;
import org.palisade.relay.engine.OfferRequest;
import org.palisade.relay.engine.RelayEngine;
import org.palisade.relay.engine.RelayException;
import org.palisade.relay.sdp.SdpException;
import org.palisade.relay.sdp.SdpRewriter;
import org.palisade.relay.sdp.SessionDescription;

/** ng {@code offer} and {@code answer}: SDP in, relay ports allocated, SDP out. */
final class OfferAnswer {

    private final RelayEngine engine;

    OfferAnswer(RelayEngine engine) {
        this.engine = engine;
    }

    Map<String, Object> offer(NgRequest r) {
        String text = r.require("sdp", "No SDP body in message");
        String callId = r.require("call-id", "No call-id in message");
        String fromTag = r.require("from-tag", "No from-tag in message");
        OfferFlags f = OfferFlags.read(r);
        SessionDescription sdp = parse(text);
        ProtocolFamily family = f.mediaAddress() != null ? MediaInterface.family(f.mediaAddress()) : sdp.family();
        Allocation a = engine.offer(new OfferRequest(callId, fromTag, r.string("to-tag"), legMedia(sdp, f.mediaAddress()),
                family, f.addressFamily(), f.mux()));
        return reply(sdp, a, f);
    }

    Map<String, Object> answer(NgRequest r) {
        String text = r.require("sdp", "No SDP body in message");
        String callId = r.require("call-id", "No call-id in message");
        String fromTag = r.require("from-tag", "No from-tag in message");
        String toTag = r.require("to-tag", "No to-tag in message");
        OfferFlags f = OfferFlags.read(r);
        SessionDescription sdp = parse(text);
        Allocation a = engine.answer(new AnswerRequest(callId, fromTag, toTag, legMedia(sdp, f.mediaAddress())));
        return reply(sdp, a, f);
    }

    private static SessionDescription parse(String text) {
        try {
            return SessionDescription.parse(text);
        } catch (SdpException e) {
            throw new RelayException(e.getMessage());
        }
    }

    private static List<LegMedia> legMedia(SessionDescription sdp, InetAddress override) {
        List<LegMedia> out = new ArrayList<>();
        for (SessionDescription.Media m : sdp.media()) {
            if (m.disabled()) {
                out.add(LegMedia.disabled(m.type(), m.protocol()));
                continue;
            }
            InetAddress rtpAddress = override != null ? override : SessionDescription.usable(m.connection());
            InetAddress rtcpAddress = override != null || m.rtcpConnection() == null ? rtpAddress
                    : SessionDescription.usable(m.rtcpConnection());
            int rtcpPort = m.rtcpPort() >= 0 ? m.rtcpPort() : m.port() + 1;
            out.add(new LegMedia(m.type(), m.protocol(), false, socket(rtpAddress, m.port()), socket(rtcpAddress, rtcpPort), m.rtcpMux()));
        }
        return out;
    }

    private static InetSocketAddress socket(InetAddress a, int port) {
        return a == null || port <= 0 || port > 65_535 ? null : new InetSocketAddress(a, port);
    }

    private static Map<String, Object> reply(SessionDescription sdp, Allocation a, OfferFlags f) {
        List<SdpRewriter.MediaPlan> plan = new ArrayList<>();
        for (Allocation.Port p : a.media()) {
            plan.add(new SdpRewriter.MediaPlan(p.rtp(), p.rtcp(), p.rtcpMux()));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("result", "ok");
        out.put("sdp", SdpRewriter.rewrite(sdp, a.address(), plan, f.rewrite()));
        List<String> warnings = new ArrayList<>(f.warnings());
        if (f.ice() != null && !f.ice().equalsIgnoreCase("remove") && sdp.media().stream().anyMatch(SessionDescription.Media::ice)) {
            warnings.add("ICE " + f.ice() + " is not supported: ICE removed, the relay is the only path");
        }
        String proto = f.transportProtocol();
        if (proto != null && sdp.media().stream().anyMatch(m -> !m.disabled() && !m.protocol().equals(proto))) {
            warnings.add("transport protocol " + proto + " is not supported: the relay passes SRTP through and leaves the protocol");
        }
        if (!warnings.isEmpty()) {
            out.put("warning", String.join("; ", warnings));
        }
        return out;
    }
}
