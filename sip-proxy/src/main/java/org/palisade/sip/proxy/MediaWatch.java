package org.palisade.sip.proxy;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.palisade.core.media.MediaStats;
import org.palisade.sip.media.MediaSessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends answered, anchored calls whose media stopped (a phone that lost its network, crashed,
 * or left without a BYE): the relay's last-packet time is polled, and after {@code timeout}
 * of silence both sides get a BYE and the CDR says MEDIA TIMEOUT. Polling keeps the relay a
 * plain ng server that never calls back, so an rtpengine can stand in for it.
 *
 * <p>A call the relay no longer knows (it restarted, or dropped the call itself) is ended
 * after two checks in a row, so one lost ng reply does not end a call.
 */
final class MediaWatch implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(MediaWatch.class);
    static final String MEDIA_TIMEOUT = "MEDIA TIMEOUT";

    private final Dialogs dialogs;
    private final MediaSessions media;
    private final CallTerminator terminator;
    private final Duration timeout;
    private final Clock clock;
    private Set<String> unknownLastTime = Set.of();
    /** A check still waiting for relays is not started twice. */
    private final AtomicBoolean checking = new AtomicBoolean();

    MediaWatch(Dialogs dialogs, MediaSessions media, CallTerminator terminator, Duration timeout, Clock clock) {
        this.dialogs = dialogs;
        this.media = media;
        this.terminator = terminator;
        this.timeout = timeout;
        this.clock = clock;
    }

    /**
     * Called on the proxy's timer thread, which also fires no-answer timers: the ng queries, one
     * per call and each up to a request timeout when a node is slow, run elsewhere.
     */
    @Override
    public void run() {
        if (!checking.compareAndSet(false, true)) {
            return;
        }
        try {
            media.inBackground(() -> {
                try {
                    check();
                } catch (RuntimeException e) {
                    LOG.warn("media watch failed: {}", e.toString());
                } finally {
                    checking.set(false);
                }
            });
        } catch (RuntimeException e) { // the node is stopping
            checking.set(false);
        }
    }

    private void check() {
        Set<String> unknown = new HashSet<>();
        long now = clock.millis();
        for (Dialogs.Entry call : dialogs.calls()) {
            if (!media.anchored(call.callId())) {
                continue;
            }
            Optional<MediaStats> stats = media.query(call.callId());
            if (stats.isEmpty()) {
                unknown.add(call.callId());
                if (unknownLastTime.contains(call.callId())) {
                    LOG.info("call {}: the relay no longer knows it; ending it", call.callId());
                    terminator.end(call, "Media relay lost the call", MEDIA_TIMEOUT);
                }
                continue;
            }
            // Silence counts from the answer at the earliest: ringing without early media is not silence.
            long lastSign = Math.max(stats.get().lastPacketMillis(), call.createdMillis());
            if (now - lastSign >= timeout.toMillis()) {
                LOG.info("call {}: no media for {} s; ending it", call.callId(), (now - lastSign) / 1000);
                terminator.end(call, "No media for " + timeout.toSeconds() + " s", MEDIA_TIMEOUT);
            }
        }
        unknownLastTime = unknown;
    }
}
