package org.palisade.pbx.sip;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sip.ClientTransaction;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.palisade.sip.ClientCallback;
import org.palisade.sip.NextHop;
import org.palisade.sip.SipServer.SipContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends requests of Palisade's own (not forwarded ones) and reports each one's outcome exactly
 * once, on the owner's single thread: the first of a final response, the stack's timeout, or
 * Palisade's own deadline. Owners therefore keep their state without locks, and the stack's
 * threads only hand over.
 */
final class Exchanges {

    private static final Logger LOG = LoggerFactory.getLogger(Exchanges.class);

    /** How one request ended. */
    sealed interface Outcome permits Answered, NoAnswer {
    }

    record Answered(Response response) implements Outcome {
    }

    /** No final response: the deadline, the stack's timeout, or the request could not be sent. */
    record NoAnswer(String reason) implements Outcome {
    }

    private final SipContext sip;
    private final ScheduledExecutorService loop;
    private final Duration timeout;

    Exchanges(SipContext sip, ScheduledExecutorService loop, Duration timeout) {
        this.sip = sip;
        this.loop = loop;
        this.timeout = timeout;
    }

    /** Pushes our Via and sends {@code request} to {@code hop}; {@code done} runs later on the loop, never inline. */
    void send(Request request, NextHop hop, Consumer<Outcome> done) {
        Pending pending = new Pending(done);
        try {
            request.addFirst(via(hop));
            ClientTransaction ct = sip.router().newClientTransaction(sip.provider(hop.transport()), request, hop);
            pending.ct = ct;
            ct.setApplicationData(pending);
            pending.deadline = loop.schedule(() -> pending.finish(new NoAnswer("no answer within " + timeout.toMillis() + " ms")),
                    timeout.toMillis(), TimeUnit.MILLISECONDS);
            ct.sendRequest();
        } catch (Exception e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            pending.post(new NoAnswer("cannot send to " + hop + ": " + why));
        }
    }

    private ViaHeader via(NextHop hop) throws Exception {
        String branch = "z9hG4bK-pbx" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        ViaHeader via = sip.headers().createViaHeader(sip.settings().address(), sip.port(hop.transport()),
                hop.transport().toLowerCase(Locale.ROOT), branch);
        via.setRPort(); // RFC 3581: a PBX or carrier across NAT answers where the request came from
        return via;
    }

    /** The client transaction's application data: what the proxy's listener hands responses and timeouts to. */
    private final class Pending implements ClientCallback {

        private final Consumer<Outcome> done;
        private volatile ClientTransaction ct;
        private volatile ScheduledFuture<?> deadline;
        private boolean finished; // touched on the loop only

        Pending(Consumer<Outcome> done) {
            this.done = done;
        }

        @Override
        public void response(Response response) {
            if (response.getStatusCode() >= 200) {
                post(new Answered(response));
            }
        }

        @Override
        public void timeout() {
            post(new NoAnswer("no answer (transaction timeout)"));
        }

        void post(Outcome outcome) {
            try {
                loop.execute(() -> finish(outcome));
            } catch (RejectedExecutionException e) {
                // the owner has stopped: nobody is waiting for this any more
            }
        }

        void finish(Outcome outcome) {
            if (finished) {
                return;
            }
            finished = true;
            ScheduledFuture<?> d = deadline;
            if (d != null) {
                d.cancel(false);
            }
            ClientTransaction t = ct;
            if (outcome instanceof NoAnswer && t != null) {
                try {
                    t.terminate(); // no more retransmissions to a peer we have given up on
                } catch (Exception e) {
                    // already over
                }
            }
            try {
                done.accept(outcome);
            } catch (RuntimeException e) {
                LOG.error("handling the outcome of a trunk request failed", e);
            }
        }
    }
}
