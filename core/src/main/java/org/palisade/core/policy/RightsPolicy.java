package org.palisade.core.policy;

import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import org.palisade.core.rights.RightsProfile;
import org.palisade.core.rights.ServiceRight;

/**
 * Which services a call or a message may use. A service is allowed when the caller's profile,
 * the callee's profile and the admin's switches all allow it. A call keeps the media it may
 * carry (video is dropped, voice goes on) and is refused only when nothing is left.
 */
public final class RightsPolicy {

    private final Supplier<Set<ServiceRight>> disabledServices;

    /** @param disabledServices the services switched off for everybody (the kill switch), read on every decision */
    public RightsPolicy(Supplier<Set<ServiceRight>> disabledServices) {
        this.disabledServices = disabledServices;
    }

    /** The right an m= line needs. MSRP sessions are chat, or file transfer when they offer a file. */
    public static ServiceRight rightFor(MediaLine line) {
        return switch (line.type()) {
            case "audio", "image" -> ServiceRight.VOICE;
            case "video" -> ServiceRight.VIDEO;
            default -> line.attributes().stream().anyMatch(a -> a.equalsIgnoreCase("file-selector"))
                    ? ServiceRight.FILE_TRANSFER : ServiceRight.CHAT;
        };
    }

    /** The right a MESSAGE body needs: text is chat, anything else carries a file. */
    public static ServiceRight rightForMessage(String contentType) {
        String type = contentType == null ? "text/plain" : contentType.toLowerCase(Locale.ROOT).split(";")[0].trim();
        return switch (type) {
            case "text/plain", "text/html", "message/cpim", "application/im-iscomposing+xml" -> ServiceRight.CHAT;
            default -> ServiceRight.FILE_TRANSFER;
        };
    }

    /**
     * A right the route itself needs: external-out for a call or message through a trunk,
     * external-in for one from a trunk. The party's profile and the kill switch must both allow it.
     *
     * @return why it is refused, or null when it is allowed
     */
    public String refuseRoute(String party, RightsProfile rights, ServiceRight right) {
        if (disabledServices.get().contains(right)) {
            return right.label() + " is switched off for everybody by the administrator";
        }
        return rights.allows(right) ? null : party + " lacks the " + right.label() + " right";
    }

    /**
     * @param offer the offer's m-lines in order; empty for an INVITE without SDP, which is
     *              treated as a voice call (the offer will come in the answer)
     */
    public CallDecision decideCall(String caller, RightsProfile callerRights, String callee, RightsProfile calleeRights,
                                   List<MediaLine> offer) {
        Set<ServiceRight> off = disabledServices.get();
        if (offer.isEmpty()) {
            String why = missing(ServiceRight.VOICE, caller, callerRights, callee, calleeRights, off);
            return why == null ? new CallDecision.Allow(Set.of(), EnumSet.of(ServiceRight.VOICE))
                    : new CallDecision.Refuse(ServiceRight.VOICE, why);
        }
        Set<Integer> declined = new LinkedHashSet<>();
        Set<ServiceRight> used = EnumSet.noneOf(ServiceRight.class);
        String firstRefusal = null;
        ServiceRight firstMissing = null;
        for (int i = 0; i < offer.size(); i++) {
            MediaLine line = offer.get(i);
            if (!line.enabled()) {
                continue;
            }
            ServiceRight right = rightFor(line);
            String why = missing(right, caller, callerRights, callee, calleeRights, off);
            if (why == null) {
                used.add(right);
            } else {
                declined.add(i);
                if (firstRefusal == null) {
                    firstRefusal = why;
                    firstMissing = right;
                }
            }
        }
        if (used.isEmpty()) {
            return firstMissing == null
                    ? new CallDecision.Refuse(ServiceRight.VOICE, "the offer has no active media")
                    : new CallDecision.Refuse(firstMissing, firstRefusal);
        }
        return new CallDecision.Allow(Set.copyOf(declined), used);
    }

    /** @return null when the message may pass, else why not */
    public String refuseMessage(String sender, RightsProfile senderRights, String recipient, RightsProfile recipientRights,
                                String contentType) {
        return missing(rightForMessage(contentType), sender, senderRights, recipient, recipientRights, disabledServices.get());
    }

    private static String missing(ServiceRight right, String caller, RightsProfile callerRights, String callee,
                                  RightsProfile calleeRights, Set<ServiceRight> off) {
        if (off.contains(right)) {
            return right.label() + " is switched off for everybody";
        }
        if (!callerRights.allows(right)) {
            return caller + " lacks the " + right.label() + " right";
        }
        if (!calleeRights.allows(right)) {
            return callee + " lacks the " + right.label() + " right";
        }
        return null;
    }
}
