package org.palisade.sip.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import javax.sip.SipFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.Test;

class BestResponseTest {

    private static final MessageFactory MESSAGES = messages();

    @Test
    void aSixHundredWinsOverEverything() {
        assertThat(best(false, 486, 603, 404)).isEqualTo(603);
    }

    @Test
    void theLowestClassWinsAndBusyBeatsTheVagueAnswers() {
        assertThat(best(false, 503, 480, 486, 408)).isEqualTo(486);
        assertThat(best(false, 500, 480)).isEqualTo(480);
        assertThat(best(false, 408, 480)).isEqualTo(480);
    }

    @Test
    void aChallengeIsPassedOnSoTheCallerCanAnswerIt() {
        assertThat(best(false, 480, 407)).isEqualTo(407);
    }

    @Test
    void afterTheCallersCancelTheAnswerIs487() {
        assertThat(best(true, 486, 487)).isEqualTo(487);
        assertThat(best(false, 486, 487)).isEqualTo(486);
    }

    private static int best(boolean cancelled, int... codes) {
        List<Response> finals = Arrays.stream(codes).mapToObj(BestResponseTest::response).toList();
        return BestResponse.choose(finals, cancelled).getStatusCode();
    }

    private static Response response(int code) {
        try {
            Request invite = MESSAGES.createRequest("INVITE sip:1002@palisade.local SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK1\r\nFrom: <sip:1001@palisade.local>;tag=a\r\n"
                    + "To: <sip:1002@palisade.local>\r\nCall-ID: c1\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n");
            return MESSAGES.createResponse(code, invite);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static MessageFactory messages() {
        try {
            SipFactory factory = SipFactory.getInstance();
            factory.setPathName("gov.nist");
            return factory.createMessageFactory();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
