package org.palisade.pbx;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Host-name peers, resolved by a scripted resolver on a background queue the test runs by hand. */
class PeerAddressesTest {

    private final Map<String, InetAddress[]> dns = new HashMap<>();
    private final List<String> asked = new ArrayList<>();
    private final Queue<Runnable> background = new ArrayDeque<>();
    private final MutableClock clock = new MutableClock();
    private final PeerAddresses peers = new PeerAddresses(this::resolve, Duration.ofSeconds(60), background::add, clock);
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(PeerAddresses.class);

    PeerAddressesTest() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(log);
    }

    private InetAddress[] resolve(String host) throws UnknownHostException {
        asked.add(host);
        InetAddress[] found = dns.get(host);
        if (found == null) {
            throw new UnknownHostException(host);
        }
        return found;
    }

    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }

    private void runBackground() {
        while (!background.isEmpty()) {
            background.poll().run();
        }
    }

    private long warnings() {
        return log.list.stream().filter(e -> e.getLevel() == Level.WARN).count();
    }

    @Test
    void aNameMatchesTheAddressesItResolvesToOnceTheBackgroundLookupIsDone() throws Exception {
        dns.put("pbx.example.local", new InetAddress[] {ip("10.1.2.3"), ip("10.1.2.4")});
        peers.track(List.of("PBX.example.local", "10.0.0.1"));

        assertThat(peers.matches("PBX.example.local", "10.1.2.3")).as("not looked up yet").isFalse();
        assertThat(asked).as("matching never looks up").isEmpty();
        runBackground();
        assertThat(peers.matches("PBX.example.local", "10.1.2.3")).isTrue();
        assertThat(peers.matches("pbx.example.local", "10.1.2.4")).isTrue();
        assertThat(peers.matches("pbx.example.local", "10.1.2.5")).isFalse();
        assertThat(peers.matches("10.0.0.1", "10.0.0.1")).isTrue();
        assertThat(asked).as("an address is never looked up").containsExactly("pbx.example.local");
    }

    @Test
    void aNameThatDoesNotResolveMatchesNothingAndIsLoggedOncePerChange() throws Exception {
        peers.track(List.of("gone.example.local"));
        runBackground();
        assertThat(peers.matches("gone.example.local", "10.1.2.3")).isFalse();
        assertThat(warnings()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(61));
        peers.track(List.of("gone.example.local"));
        runBackground();
        assertThat(asked).hasSize(2);
        assertThat(warnings()).as("still failing: no new warning").isEqualTo(1);
    }

    @Test
    void aFailedLookupKeepsTheLastGoodAddresses() throws Exception {
        dns.put("pbx.example.local", new InetAddress[] {ip("10.1.2.3")});
        peers.track(List.of("pbx.example.local"));
        runBackground();

        dns.remove("pbx.example.local");
        clock.advance(Duration.ofSeconds(61));
        peers.track(List.of("pbx.example.local"));
        runBackground();
        assertThat(asked).hasSize(2);
        assertThat(peers.matches("pbx.example.local", "10.1.2.3")).isTrue();
        assertThat(warnings()).isEqualTo(1);
    }

    @Test
    void aNameIsLookedUpAgainOnlyWhenItsAnswerIsDue() throws Exception {
        dns.put("pbx.example.local", new InetAddress[] {ip("10.1.2.3")});
        peers.track(List.of("pbx.example.local"));
        runBackground();
        clock.advance(Duration.ofSeconds(30));
        peers.track(List.of("pbx.example.local"));
        assertThat(background).isEmpty();

        dns.put("pbx.example.local", new InetAddress[] {ip("10.1.2.9")});
        clock.advance(Duration.ofSeconds(30));
        peers.track(List.of("pbx.example.local"));
        runBackground();
        assertThat(peers.matches("pbx.example.local", "10.1.2.9")).isTrue();
        assertThat(peers.matches("pbx.example.local", "10.1.2.3")).as("the PBX moved").isFalse();
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
