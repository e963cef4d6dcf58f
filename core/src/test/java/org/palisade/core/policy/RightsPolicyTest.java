package org.palisade.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.palisade.core.rights.RightsProfile;
import org.palisade.core.rights.ServiceRight;

class RightsPolicyTest {

    private static final MediaLine AUDIO = new MediaLine("audio", 4000, "RTP/AVP", List.of("rtpmap"));
    private static final MediaLine VIDEO = new MediaLine("video", 4002, "RTP/AVP", List.of("rtpmap"));
    private static final MediaLine CHAT = new MediaLine("message", 2855, "TCP/MSRP", List.of("accept-types", "path"));
    private static final MediaLine FILE = new MediaLine("message", 2856, "TCP/MSRP", List.of("file-selector", "path"));

    private static final RightsProfile ALL = new RightsProfile("all", EnumSet.allOf(ServiceRight.class));
    private static final RightsProfile VOICE_ONLY = new RightsProfile("voice", EnumSet.of(ServiceRight.VOICE));
    private static final RightsProfile CHAT_ONLY = new RightsProfile("chat", EnumSet.of(ServiceRight.CHAT));

    private final EnumSet<ServiceRight> killed = EnumSet.noneOf(ServiceRight.class);
    private final RightsPolicy policy = new RightsPolicy(() -> killed);

    @Test
    void everythingAllowedKeepsEveryLine() {
        CallDecision d = policy.decideCall("1001", ALL, "1002", ALL, List.of(AUDIO, VIDEO));
        assertThat(d).isEqualTo(new CallDecision.Allow(Set.of(), EnumSet.of(ServiceRight.VOICE, ServiceRight.VIDEO)));
    }

    @Test
    void videoIsDroppedWhenEitherSideLacksIt() {
        assertThat(policy.decideCall("1001", VOICE_ONLY, "1002", ALL, List.of(AUDIO, VIDEO)))
                .isEqualTo(new CallDecision.Allow(Set.of(1), EnumSet.of(ServiceRight.VOICE)));
        assertThat(policy.decideCall("1001", ALL, "1002", VOICE_ONLY, List.of(VIDEO, AUDIO)))
                .isEqualTo(new CallDecision.Allow(Set.of(0), EnumSet.of(ServiceRight.VOICE)));
    }

    @Test
    void nothingAllowedIsRefusedNamingTheRightAndWhoLacksIt() {
        CallDecision d = policy.decideCall("1001", CHAT_ONLY, "1002", ALL, List.of(AUDIO, VIDEO));
        assertThat(d).isInstanceOf(CallDecision.Refuse.class);
        assertThat(((CallDecision.Refuse) d).missing()).isEqualTo(ServiceRight.VOICE);
        assertThat(((CallDecision.Refuse) d).reason()).isEqualTo("1001 lacks the voice right");

        CallDecision callee = policy.decideCall("1001", ALL, "1002", CHAT_ONLY, List.of(AUDIO));
        assertThat(((CallDecision.Refuse) callee).reason()).isEqualTo("1002 lacks the voice right");
    }

    @Test
    void msrpIsChatUnlessItOffersAFile() {
        assertThat(RightsPolicy.rightFor(CHAT)).isEqualTo(ServiceRight.CHAT);
        assertThat(RightsPolicy.rightFor(FILE)).isEqualTo(ServiceRight.FILE_TRANSFER);
        assertThat(policy.decideCall("1001", CHAT_ONLY, "1002", CHAT_ONLY, List.of(FILE)))
                .isEqualTo(new CallDecision.Refuse(ServiceRight.FILE_TRANSFER, "1001 lacks the file-transfer right"));
    }

    @Test
    void theKillSwitchBeatsEveryProfile() {
        killed.add(ServiceRight.VIDEO);
        assertThat(policy.decideCall("1001", ALL, "1002", ALL, List.of(AUDIO, VIDEO)))
                .isEqualTo(new CallDecision.Allow(Set.of(1), EnumSet.of(ServiceRight.VOICE)));
        killed.add(ServiceRight.VOICE);
        assertThat(policy.decideCall("1001", ALL, "1002", ALL, List.of(AUDIO)))
                .isEqualTo(new CallDecision.Refuse(ServiceRight.VOICE, "voice is switched off for everybody"));
    }

    @Test
    void anOfferlessInviteIsAVoiceCallAndDeclinedLinesAreIgnored() {
        assertThat(policy.decideCall("1001", ALL, "1002", ALL, List.of())).isInstanceOf(CallDecision.Allow.class);
        assertThat(policy.decideCall("1001", CHAT_ONLY, "1002", ALL, List.of())).isInstanceOf(CallDecision.Refuse.class);
        MediaLine declinedVideo = new MediaLine("video", 0, "RTP/AVP", List.of());
        assertThat(policy.decideCall("1001", VOICE_ONLY, "1002", VOICE_ONLY, List.of(AUDIO, declinedVideo)))
                .isEqualTo(new CallDecision.Allow(Set.of(), EnumSet.of(ServiceRight.VOICE)));
    }

    @Test
    void messagesAreChatWhenTextAndFileTransferOtherwise() {
        assertThat(RightsPolicy.rightForMessage("text/plain;charset=UTF-8")).isEqualTo(ServiceRight.CHAT);
        assertThat(RightsPolicy.rightForMessage("message/CPIM")).isEqualTo(ServiceRight.CHAT);
        assertThat(RightsPolicy.rightForMessage("image/png")).isEqualTo(ServiceRight.FILE_TRANSFER);
        assertThat(RightsPolicy.rightForMessage(null)).isEqualTo(ServiceRight.CHAT);
        assertThat(policy.refuseMessage("1001", VOICE_ONLY, "1002", ALL, "text/plain")).isEqualTo("1001 lacks the chat right");
        assertThat(policy.refuseMessage("1001", CHAT_ONLY, "1002", CHAT_ONLY, "text/plain")).isNull();
        assertThat(policy.refuseMessage("1001", CHAT_ONLY, "1002", CHAT_ONLY, "application/pdf"))
                .isEqualTo("1001 lacks the file-transfer right");
    }
}
