package org.palisade.relay.ng;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.palisade.relay.engine.CallSnapshot;
import org.palisade.relay.engine.IpLiteral;

/**
 * A call's counters in the shape of rtpengine's {@code query} (and {@code delete}) reply, so one
 * client reads either relay. As in rtpengine, a stream's {@code stats} count what the party of
 * that tag sent to the relay, {@code stats_out} what the relay sent it, and {@code totals} add
 * up the {@code stats}. Palisade adds {@code last packet ms} (epoch milliseconds of the call's
 * newest packet, or its creation) for the proxy's no-media watch, and per RTP stream
 * {@code sequence gaps}.
 */
final class QueryReply {

    private QueryReply() {
    }

    static Map<String, Object> of(CallSnapshot c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("created", seconds(c.created()));
        out.put("last signal", seconds(c.lastSignal()));
        out.put("last packet ms", c.lastPacket());
        Map<String, Object> tags = new LinkedHashMap<>();
        long[] rtp = new long[3];
        long[] rtcp = new long[3];
        for (CallSnapshot.Leg leg : c.legs()) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("tag", nz(leg.tag()));
            t.put("created", seconds(leg.created()));
            t.put("in dialogue with", nz(leg.peerTag()));
            List<Object> medias = new ArrayList<>();
            for (CallSnapshot.Media m : leg.media()) {
                Map<String, Object> md = new LinkedHashMap<>();
                md.put("index", (long) m.index());
                md.put("type", m.type());
                md.put("protocol", m.protocol());
                md.put("flags", m.rtcpMux() ? List.of("initialized", "rtcp-mux") : List.of("initialized"));
                md.put("streams", List.of(stream(m.rtp(), false, rtp), stream(m.rtcp(), true, rtcp)));
                medias.add(md);
            }
            t.put("medias", medias);
            tags.put(nz(leg.tag()), t);
        }
        out.put("tags", tags);
        out.put("totals", Map.of("RTP", stats(rtp[0], rtp[1], rtp[2]), "RTCP", stats(rtcp[0], rtcp[1], rtcp[2])));
        return out;
    }

    private static Map<String, Object> stream(CallSnapshot.Stream s, boolean rtcp, long[] totals) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("local port", (long) s.local().getPort());
        d.put("local address", IpLiteral.format(s.local().getAddress()));
        d.put("family", family(s.local()));
        d.put("endpoint", endpoint(s.endpoint()));
        d.put("advertised endpoint", endpoint(s.advertised()));
        d.put("last packet", seconds(s.lastPacket()));
        List<String> flags = new ArrayList<>();
        flags.add(rtcp ? "RTCP" : "RTP");
        if (s.endpoint() != null) {
            flags.add("filled");
        }
        if (s.latched()) {
            flags.add("confirmed");
        }
        d.put("flags", flags);
        d.put("stats", stats(s.packets(), s.bytes(), s.errors()));
        d.put("stats_out", stats(s.packetsOut(), s.bytesOut(), 0));
        if (!rtcp) {
            d.put("sequence gaps", s.sequenceGaps());
        }
        totals[0] += s.packets();
        totals[1] += s.bytes();
        totals[2] += s.errors();
        return d;
    }

    private static Map<String, Object> endpoint(InetSocketAddress a) {
        if (a == null) {
            return Map.of();
        }
        return Map.of("family", family(a), "address", IpLiteral.format(a.getAddress()), "port", (long) a.getPort());
    }

    private static String family(InetSocketAddress a) {
        return a.getAddress() instanceof Inet4Address ? "IPv4" : "IPv6";
    }

    private static Map<String, Object> stats(long packets, long bytes, long errors) {
        return Map.of("packets", packets, "bytes", bytes, "errors", errors);
    }

    private static long seconds(long millis) {
        return millis / 1000;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
