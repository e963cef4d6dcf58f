package org.palisade.sip.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import org.junit.jupiter.api.Test;

class BranchIdsTest {

    private static final MessageFactory MESSAGES = BestResponseTest.messages();
    private final BranchIds branches = new BranchIds();

    @Test
    void branchesAreUniquePerTransactionButShareTheLoopHash() throws Exception {
        Request invite = invite("sip:1002@palisade.local", "");
        String a = branches.next(invite);
        String b = branches.next(invite);
        assertThat(a).startsWith("z9hG4bK-pls-").isNotEqualTo(b);
        assertThat(a.substring(0, a.lastIndexOf('-'))).isEqualTo(b.substring(0, b.lastIndexOf('-')));
    }

    @Test
    void theSameRequestComingBackThroughUsIsALoop() throws Exception {
        Request first = invite("sip:1002@palisade.local", "");
        String ours = branches.next(first);
        Request back = invite("sip:1002@palisade.local", "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=" + ours + "\r\n");
        assertThat(branches.looped(back, this::ours)).isTrue();
    }

    @Test
    void aRequestThatChangedOnTheWayIsASpiralNotALoop() throws Exception {
        String ours = branches.next(invite("sip:1002@palisade.local", ""));
        Request spiral = invite("sip:1002@127.0.0.1:5099", "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=" + ours + "\r\n");
        assertThat(branches.looped(spiral, this::ours)).isFalse();
    }

    @Test
    void someoneElsesViaWithOurBranchFormatIsNoLoop() throws Exception {
        Request first = invite("sip:1002@palisade.local", "");
        String ours = branches.next(first);
        Request other = invite("sip:1002@palisade.local", "Via: SIP/2.0/UDP 10.0.0.9:5060;branch=" + ours + "\r\n");
        assertThat(branches.looped(other, this::ours)).isFalse();
    }

    private boolean ours(ViaHeader via) {
        return via.getHost().equals("127.0.0.1") && via.getPort() == 5060;
    }

    private static Request invite(String uri, String moreVias) throws Exception {
        return MESSAGES.createRequest("INVITE " + uri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK" + System.nanoTime() + "\r\n" + moreVias
                + "From: <sip:1001@palisade.local>;tag=a\r\nTo: <sip:1002@palisade.local>\r\nCall-ID: c1\r\n"
                + "CSeq: 1 INVITE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n");
    }
}
