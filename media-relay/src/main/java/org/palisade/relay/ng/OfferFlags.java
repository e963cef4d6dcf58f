package org.palisade.relay.ng;

import java.net.InetAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.palisade.relay.engine.IpLiteral;
import org.palisade.relay.engine.RelayException;
import org.palisade.relay.engine.RtcpMux;
import org.palisade.relay.sdp.SdpRewriter;

/**
 * The keys and flags of an ng offer or answer that a relay anchoring all media needs, with
 * rtpengine's names and spellings. Flags it does not know (codec, recording, DTMF ...) are
 * ignored, as rtpengine ignores unknown flags; values it cannot honour are errors or warnings.
 */
record OfferFlags(SdpRewriter.Options rewrite, RtcpMux.Flags mux, ProtocolFamily addressFamily, InetAddress mediaAddress,
                  String transportProtocol, String ice, List<String> warnings) {

    private static final Set<String> ICE_VALUES = Set.of("remove", "force", "default", "optional", "force relay", "force-relay");

    static OfferFlags read(NgRequest r) {
        Set<String> flags = r.flags();
        List<String> warnings = new ArrayList<>();

        Set<String> replace = new java.util.HashSet<>();
        for (String s : r.list("replace")) {
            replace.add(NgRequest.normalize(s));
        }
        for (String raw : r.rawFlags()) {
            if (raw.startsWith("replace-")) {
                replace.add(NgRequest.normalize(raw.substring("replace-".length())));
            }
        }

        String ice = r.string("ICE");
        if (ice != null && !ICE_VALUES.contains(ice.toLowerCase(Locale.ROOT))) {
            throw new RelayException("ICE: '" + ice + "' is not one of remove, force, default, optional, force-relay");
        }
        // the relay is the only path for the media it anchors, so ICE goes whatever was asked
        boolean removeIce = true;

        List<String> muxValues = new ArrayList<>(r.list("rtcp-mux"));
        for (String raw : r.rawFlags()) {
            if (raw.startsWith("rtcp-mux-")) {
                muxValues.add(raw.substring("rtcp-mux-".length()));
            }
        }
        boolean offer = false, require = false, demux = false, accept = false, reject = false;
        for (String v : muxValues) {
            switch (v.toLowerCase(Locale.ROOT)) {
                case "offer" -> offer = true;
                case "require" -> require = true;
                case "demux" -> demux = true;
                case "accept" -> accept = true;
                case "reject" -> reject = true;
                default -> throw new RelayException("rtcp-mux: '" + v + "' is not one of offer, require, demux, accept, reject");
            }
        }

        List<String> direction = r.list("direction");
        if (!direction.isEmpty() && direction.size() != 2) {
            throw new RelayException("direction: must be a list of two interface names, not " + direction.size());
        }

        String family = r.string("address family", "address-family");
        ProtocolFamily addressFamily = null;
        if (family != null) {
            addressFamily = switch (family) {
                case "IP4" -> StandardProtocolFamily.INET;
                case "IP6" -> StandardProtocolFamily.INET6;
                default -> throw new RelayException("address family: must be IP4 or IP6, not '" + family + "'");
            };
        }

        InetAddress mediaAddress = null;
        String media = r.string("media address", "media-address");
        if (media != null) {
            mediaAddress = IpLiteral.tryParse(media);
            if (mediaAddress == null) {
                throw new RelayException("media address: '" + media + "' is not an IPv4 or IPv6 address");
            }
        } else if (flags.contains("sip source address")) {
            List<String> from = r.list("received from", "received-from");
            if (from.size() != 2 || IpLiteral.tryParse(from.get(1)) == null) {
                throw new RelayException("received from: 'SIP source address' needs [IP4|IP6, ADDRESS]");
            }
            mediaAddress = IpLiteral.tryParse(from.get(1));
        }

        SdpRewriter.RtcpAttribute rtcp = flags.contains("no rtcp attribute") ? SdpRewriter.RtcpAttribute.REMOVE
                : flags.contains("full rtcp attribute") ? SdpRewriter.RtcpAttribute.FULL : SdpRewriter.RtcpAttribute.REWRITE;
        SdpRewriter.Options rewrite = new SdpRewriter.Options(removeIce, replace.contains("origin"),
                replace.contains("session connection"), rtcp);
        if (flags.contains("asymmetric")) {
            warnings.add("asymmetric is not supported: the relay latches onto each party's real source");
        }
        if (flags.contains("media handover")) {
            warnings.add("media handover is not supported: after latching, other sources are dropped");
        }
        return new OfferFlags(rewrite, new RtcpMux.Flags(offer, require, demux, accept, reject), addressFamily, mediaAddress,
                r.string("transport protocol", "transport-protocol"), ice, warnings);
    }
}
