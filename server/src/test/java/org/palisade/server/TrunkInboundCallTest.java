package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.Test;
import org.palisade.core.audit.AuditType;
import org.palisade.core.trunk.NewRoute;
import org.palisade.core.trunk.Route;
import org.palisade.server.testing.TestUserAgent;
import org.palisade.server.testing.TestUserAgent.Call;

/**
 * Calls from the company's PBX in through a static SIP trunk: a DID rings its extension without a
 * challenge (peer given by address or by host name), an unknown DID gets 404 or rings the operator,
 * a callee without external-in is refused, a stranger claiming to be the trunk is challenged, an
 * inbound call holds one of the trunk's max-calls, and a MESSAGE still passes a full trunk.
 */
class TrunkInboundCallTest extends TrunkCallFixture {

    private Request inviteFromPbx(TestUserAgent pbx, String did) throws Exception {
        Request invite = pbx.request(Request.INVITE, did, "+4915112345678");
        invite.setContent(TestUserAgent.SDP, pbx.headers().createContentTypeHeader("application", "sdp"));
        return invite;
    }

    @Test
    void aCallFromThePbxToADidRingsItsExtensionWithoutAChallenge() throws Exception {
        start(null);
        TestUserAgent pbx = phone("pbx");
        trunk("pbx", pbx.localPort());
        trunks().addDid("test", "+4930555103", CAROL);
        aDidCallFromThePbxRingsCarolUnchallenged(pbx);
    }

    /** A peer given as a host name is trusted by the address the name resolves to (localhost: 127.0.0.1). */
    @Test
    void aCallFromAPbxGivenByHostNameRingsItsExtensionWithoutAChallenge() throws Exception {
        start(null);
        TestUserAgent pbx = phone("pbx");
        trunk("pbx", "localhost:" + pbx.localPort(), null);
        trunks().addDid("test", "+4930555103", CAROL);
        awaitLookup(pbx.localPort());
        aDidCallFromThePbxRingsCarolUnchallenged(pbx);
    }

    /** The PBX {@code pbx}, a trunk's peer, calls Carol's DID +4930555103: no challenge, Carol rings, an INBOUND call on trunk pbx. */
    private void aDidCallFromThePbxRingsCarolUnchallenged(TestUserAgent pbx) throws Exception {
        TestUserAgent carol = phone(CAROL);
        carol.register();

        Call c = pbx.call(inviteFromPbx(pbx, "+4930555103"));
        Response answer = c.awaitFinal();
        assertThat(answer.getStatusCode()).isEqualTo(200);
        assertThat(c.responses()).noneMatch(r -> r.getStatusCode() == 407);
        assertThat(carol.received(Request.INVITE)).hasSize(1);
        c.ack();
        assertThat(c.bye().getStatusCode()).isEqualTo(200);
        String id = callId(c.invite());
        assertThat(server.calls().await(id, 3)).containsExactly("started +4915112345678->" + CAROL + " INBOUND", "answered",
                "ended CALLER BYE");
        assertThat(server.calls().trunk(id)).isEqualTo("pbx");
    }

    /**
     * Gives the background lookup of a new trunk's name up to 5 s to finish (asking the bridge is
     * what starts it), so that the first call is not sent before it. It asserts nothing: the
     * call decides whether the peer is recognised.
     */
    private void awaitLookup(int port) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        while (bridge.trunkAt("127.0.0.1", port).isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
    }

    /** A PBX trunk's channel limit covers both directions: an inbound call holds a slot until it ends. */
    @Test
    void anInboundCallTakesOneOfTheTrunksMaxCallsUntilItEnds() throws Exception {
        start(null);
        TestUserAgent pbx = phone("pbx");
        trunk("pbx", "127.0.0.1:" + pbx.localPort(), 1);
        trunks().addRoute("test", new NewRoute("all", Route.Kind.PREFIX, "+", 0, null, List.of("pbx"), null));
        trunks().addDid("test", "+4930555103", CAROL);
        TestUserAgent carol = phone(CAROL);
        carol.register();
        TestUserAgent alice = phone(ALICE);
        alice.register();

        Call first = pbx.call(inviteFromPbx(pbx, "+4930555103"));
        assertThat(first.awaitFinal().getStatusCode()).isEqualTo(200);
        first.ack();
        assertThat(bridge.inUse("pbx")).isEqualTo(1);

        Call second = pbx.call(inviteFromPbx(pbx, "+4930555103"));
        Response full = second.awaitFinal();
        assertThat(full.getStatusCode()).isEqualTo(503);
        assertThat(full.getReasonPhrase()).isEqualTo("Trunk at its call limit");
        assertThat(carol.received(Request.INVITE)).as("the second call never rang").hasSize(1);
        assertThat(server.calls().await(callId(second.invite()), 2)).last().asString().startsWith("failed 503");

        Response out = alice.call("0301234567").awaitFinal();
        assertThat(out.getStatusCode()).as("the trunk is full for outbound calls too").isEqualTo(503);
        assertThat(out.getReasonPhrase()).isEqualTo("No trunk available");
        assertThat(pbx.received(Request.INVITE)).isEmpty();

        assertThat(first.bye().getStatusCode()).isEqualTo(200);
        assertThat(server.calls().await(callId(first.invite()), 3)).last().isEqualTo("ended CALLER BYE");
        Call third = pbx.call(inviteFromPbx(pbx, "+4930555103"));
        assertThat(third.awaitFinal().getStatusCode()).isEqualTo(200);
        third.ack();
        assertThat(third.bye().getStatusCode()).isEqualTo(200);
        assertThat(server.calls().await(callId(third.invite()), 3)).last().isEqualTo("ended CALLER BYE");
        assertThat(bridge.inUse("pbx")).isZero();
    }

    /** A MESSAGE is no call: it passes a full trunk and takes no slot. */
    @Test
    void aMessageFromAFullTrunkStillReachesItsExtension() throws Exception {
        start(null);
        TestUserAgent pbx = phone("pbx");
        trunk("pbx", "127.0.0.1:" + pbx.localPort(), 1);
        trunks().addDid("test", "+4930555103", CAROL);
        TestUserAgent carol = phone(CAROL);
        carol.register();
        Call up = pbx.call(inviteFromPbx(pbx, "+4930555103"));
        assertThat(up.awaitFinal().getStatusCode()).isEqualTo(200);
        up.ack();

        assertThat(pbx.message("+4930555103", "hello Carol").getStatusCode()).isEqualTo(200);
        assertThat(carol.awaitRequest(Request.MESSAGE)).isNotNull();
        assertThat(bridge.inUse("pbx")).isEqualTo(1);
        assertThat(up.bye().getStatusCode()).isEqualTo(200);
    }

    @Test
    void anUnknownDidGets404AndACalleeWithoutExternalInGets403() throws Exception {
        start(null);
        TestUserAgent pbx = phone("pbx");
        trunk("pbx", pbx.localPort());
        trunks().addDid("test", "+4930555102", BOB);
        phone(BOB).register();

        assertThat(pbx.send(inviteFromPbx(pbx, "+4930555999")).getStatusCode()).isEqualTo(404);
        Response refused = pbx.send(inviteFromPbx(pbx, "+4930555102"));
        assertThat(refused.getStatusCode()).isEqualTo(403);
        assertThat(server.audit(AuditType.POLICY_BLOCKED)).singleElement()
                .satisfies(e -> assertThat(e.details()).contains("external-in"));
    }

    @Test
    void anUnknownDidRingsTheOperatorWhenOneIsConfigured() throws Exception {
        start(CAROL);
        TestUserAgent pbx = phone("pbx");
        trunk("pbx", pbx.localPort());
        TestUserAgent carol = phone(CAROL);
        carol.register();

        Call c = pbx.call(inviteFromPbx(pbx, "+4930555999"));
        assertThat(c.awaitFinal().getStatusCode()).isEqualTo(200);
        assertThat(carol.received(Request.INVITE)).hasSize(1);
        c.ack();
        c.bye();
    }

    @Test
    void aStrangerClaimingToBeTheTrunkIsChallenged() throws Exception {
        start(null);
        TestUserAgent pbx = phone("pbx");
        trunk("pbx", pbx.localPort());
        trunks().addDid("test", "+4930555103", CAROL);
        phone(CAROL).register();
        TestUserAgent stranger = phone("pbx");

        Response r = stranger.send(inviteFromPbx(stranger, "+4930555103"));
        assertThat(r.getStatusCode()).isEqualTo(407);
    }
}
