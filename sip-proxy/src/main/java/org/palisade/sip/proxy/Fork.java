package org.palisade.sip.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import javax.sip.ServerTransaction;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.palisade.sip.Replies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The response context of one proxied request (RFC 3261 16.7): its branches, run in parallel,
 * and the single answer the caller gets. Provisionals go up as they come; the first 2xx goes
 * up at once and cancels the other INVITE branches; when every branch has failed, the best
 * failure goes up. Later 2xx still go up, statelessly (16.7 step 5). Branch events arrive on
 * the stack's threads, so the fork's state is guarded by its own lock.
 */
final class Fork {

    private static final Logger LOG = LoggerFactory.getLogger(Fork.class);

    /** What the route learns of a fork's outcome: the call events and the dialog map hang off this. */
    interface Outcome {

        /** A 2xx went upstream; {@code first} for the one that answered the caller's transaction. */
        void answered(Branch branch, Response upstream, boolean first);

        /** The caller got the final non-2xx {@code code}. */
        void failed(int code, boolean cancelledByCaller);

        Outcome NONE = new Outcome() {
            @Override
            public void answered(Branch branch, Response upstream, boolean first) {
            }

            @Override
            public void failed(int code, boolean cancelledByCaller) {
            }
        };
    }

    /**
     * Serial forking (RFC 3261 16.7 step 6's "may fork further"): offered the fork's failure before
     * the caller hears of it, it may add and {@linkplain #send send} another branch instead.
     */
    interface Failover {

        /** @return true when another branch was sent and the fork goes on */
        boolean retry(Fork fork, Branch failed, Response response);
    }

    final ServerTransaction server;
    final Request received;
    private final long receivedCseq;
    private final boolean invite;
    private final Forwarder forwarder;
    private final Replies replies;
    private final Outcome outcome;
    private final Runnable onFinished;
    /** Applied to every response before it goes upstream: where anchored media gets the relay's SDP. */
    private final java.util.function.UnaryOperator<Response> upstreamFilter;
    private final List<Branch> branches = new ArrayList<>();
    private boolean finished;
    private boolean cancelledByCaller;
    private ScheduledFuture<?> noAnswerTimer;
    private Failover failover;

    Fork(ServerTransaction server, Request received, Forwarder forwarder, Replies replies, Outcome outcome, Runnable onFinished,
         java.util.function.UnaryOperator<Response> upstreamFilter) {
        this.upstreamFilter = upstreamFilter;
        this.server = server;
        this.received = received;
        this.receivedCseq = Forwarder.cseq(received);
        this.invite = Request.INVITE.equals(received.getMethod());
        this.forwarder = forwarder;
        this.replies = replies;
        this.outcome = outcome;
        this.onFinished = onFinished;
    }

    synchronized void add(Branch branch) {
        branches.add(branch);
    }

    synchronized boolean isEmpty() {
        return branches.isEmpty();
    }

    synchronized void failover(Failover failover) {
        this.failover = failover;
    }

    /** Adds and sends one more branch of a fork already started (serial forking). */
    synchronized void send(Branch branch) {
        branches.add(branch);
        try {
            branch.tx.sendRequest();
        } catch (Exception e) {
            LOG.debug("sending to {} failed: {}", branch.hop, e.toString());
            completed(branch, replies.create(received, Response.SERVICE_UNAVAILABLE, "Next hop unreachable"));
        }
    }

    /**
     * A branch that has not answered at all (not even 100) within a deadline shorter than the
     * stack's: as if it had answered 408, and its transaction is dropped so a late answer is ignored.
     */
    synchronized void unanswered(Branch branch) {
        if (branch.pending() && !branch.provisional && !finished) {
            try {
                branch.tx.terminate();
            } catch (Exception e) {
                LOG.debug("could not end the transaction towards {}: {}", branch.hop, e.toString());
            }
            completed(branch, replies.create(received, Response.REQUEST_TIMEOUT, "Request Timeout"));
        }
    }

    synchronized void noAnswerTimer(ScheduledFuture<?> timer) {
        this.noAnswerTimer = timer;
    }

    /** Sends every branch. A branch that cannot be sent counts as a 503 from it (RFC 3261 16.9). */
    synchronized void start() {
        for (Branch b : branches) {
            try {
                b.tx.sendRequest();
            } catch (Exception e) {
                LOG.debug("sending to {} failed: {}", b.hop, e.toString());
                completed(b, replies.create(received, Response.SERVICE_UNAVAILABLE, "Next hop unreachable"));
            }
        }
    }

    synchronized void onResponse(Branch branch, Response response) {
        int code = response.getStatusCode();
        if (code < 200) {
            branch.provisional = true;
            if (branch.cancelWanted) {
                cancel(branch);
            }
            if (code > 100 && !finished) {
                forwarder.relay(server, upstreamFilter.apply(Forwarder.upstream(response, receivedCseq)));
            }
            return;
        }
        if (!branch.pending() && code >= 300) {
            return; // a retransmission the transaction layer let through
        }
        Response upstream = upstreamFilter.apply(Forwarder.upstream(response, receivedCseq));
        if (code < 300) {
            // The callee resends its 2xx until the ACK reaches it: pass it on, but it is not a new answer.
            boolean resent = branch.finalResponse != null && branch.finalResponse.getStatusCode() / 100 == 2;
            branch.finalResponse = upstream;
            if (resent) {
                if (invite) {
                    forwarder.relayStateless(upstream);
                }
                return;
            }
            // The dialog is known before the caller can answer the 2xx: its ACK may come back at once.
            if (!finished) {
                finish();
                outcome.answered(branch, upstream, true);
                forwarder.relay(server, upstream);
                cancelPending();
            } else if (invite) {
                outcome.answered(branch, upstream, false);
                forwarder.relayStateless(upstream);
            }
            return;
        }
        completed(branch, upstream);
    }

    /** No final response in time: as if the branch had answered 408 (RFC 3261 16.7 step 2). */
    synchronized void onTimeout(Branch branch) {
        if (branch.pending()) {
            completed(branch, replies.create(received, Response.REQUEST_TIMEOUT, "Request Timeout"));
        }
    }

    /** The caller's CANCEL (RFC 3261 16.10): cancel every pending branch; their 487s decide the answer. */
    synchronized void cancelByCaller() {
        cancelledByCaller = true;
        cancelPending();
    }

    /** Rang too long: the caller gets 480 now, the branches are cancelled and their answers absorbed. */
    synchronized void noAnswer() {
        if (finished) {
            return;
        }
        finish();
        replies.send(server, received, Response.TEMPORARILY_UNAVAILABLE, "No Answer");
        cancelPending();
        outcome.failed(Response.TEMPORARILY_UNAVAILABLE, false);
    }

    private void completed(Branch branch, Response upstream) {
        branch.finalResponse = upstream;
        if (upstream.getStatusCode() >= 600) {
            cancelPending(); // 16.7 step 5: a 6xx ends the search
        }
        if (finished || branches.stream().anyMatch(Branch::pending)) {
            return;
        }
        if (failover != null && !cancelledByCaller && failover.retry(this, branch, upstream)) {
            return;
        }
        finish();
        Response best = BestResponse.choose(branches.stream().map(b -> b.finalResponse).toList(), cancelledByCaller);
        if (best.getStatusCode() == Response.SERVICE_UNAVAILABLE) {
            // 16.7 step 6: a 503 means the next hop is overloaded, not that the caller should back off from us.
            best = replies.create(received, Response.SERVER_INTERNAL_ERROR, "Callee unreachable");
        }
        forwarder.relay(server, best);
        outcome.failed(best.getStatusCode(), cancelledByCaller);
    }

    private void cancelPending() {
        if (!invite) {
            return; // only INVITE can be cancelled; other requests end quickly on their own
        }
        for (Branch b : branches) {
            if (!b.pending()) {
                continue;
            }
            if (b.provisional) {
                cancel(b);
            } else {
                b.cancelWanted = true;
            }
        }
    }

    private void cancel(Branch b) {
        if (b.pending() && !b.cancelSent) {
            b.cancelSent = true;
            forwarder.cancel(b.tx, b.hop);
        }
    }

    private void finish() {
        finished = true;
        if (noAnswerTimer != null) {
            noAnswerTimer.cancel(false);
        }
        onFinished.run();
    }
}
