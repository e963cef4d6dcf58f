package org.palisade.relay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The packet path allocates nothing: bytes allocated by the I/O thread over 100,000 relayed
 * packets, measured with the JVM's per-thread allocation counter after a warm-up (so JIT
 * compilation is done). Not a timing assertion: the figure does not depend on machine speed.
 * Without {@code -XX:AutoBoxCacheMax} the same run shows about 16 bytes per ready event (2.1
 * bytes per packet here, where one event drains several; 16 per packet at real RTP rates).
 */
class RelayEngineAllocationTest {

    private static final int WARM_UP = 60_000;
    private static final int MEASURED = 100_000;

    @Test
    void steadyForwardingAllocatesNothing() throws Exception {
        InetAddress lo = InetAddress.getLoopbackAddress();
        // the selector maps file descriptors to keys through a HashMap<Integer, ...>: descriptors
        // above 127 are boxed on every ready event unless the JIT removes it, so measure with high ones
        java.util.List<DatagramChannel> filler = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            filler.add(DatagramChannel.open());
        }
        RelayEngine engine = new RelayEngine(List.of(MediaInterface.of(lo)), new PortPool(47300, 47319), 1, Duration.ofHours(1));
        engine.start();
        try (DatagramChannel caller = DatagramChannel.open(StandardProtocolFamily.INET);
             DatagramChannel callee = DatagramChannel.open(StandardProtocolFamily.INET)) {
            caller.bind(new InetSocketAddress(lo, 0));
            callee.bind(new InetSocketAddress(lo, 0));
            InetSocketAddress callerAt = (InetSocketAddress) caller.getLocalAddress();
            InetSocketAddress calleeAt = (InetSocketAddress) callee.getLocalAddress();
            Allocation toCallee = engine.offer(new OfferRequest("alloc", "a", null,
                    List.of(new LegMedia("audio", "RTP/AVP", false, callerAt, null, false)), StandardProtocolFamily.INET, null, null));
            Allocation toCaller = engine.answer(new AnswerRequest("alloc", "a", "b",
                    List.of(new LegMedia("audio", "RTP/AVP", false, calleeAt, null, false))));
            InetSocketAddress relayForCaller = new InetSocketAddress(lo, toCaller.media().get(0).rtp());
            assertThat(toCallee.media().get(0).rtp()).isNotZero();

            Thread drain = new Thread(() -> {
                ByteBuffer sink = ByteBuffer.allocateDirect(2048);
                try {
                    while (callee.isOpen()) {
                        sink.clear();
                        callee.receive(sink);
                    }
                } catch (Exception e) {
                    // closed at the end of the test
                }
            }, "callee-drain");
            drain.setDaemon(true);
            drain.start();

            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long io = engine.ioThreadIds()[0];
            ByteBuffer packet = ByteBuffer.allocateDirect(172);
            send(caller, packet, relayForCaller, engine, 0, WARM_UP);

            long packetsBefore = engine.packetsRelayed();
            long bytesBefore = threads.getThreadAllocatedBytes(io);
            send(caller, packet, relayForCaller, engine, WARM_UP, MEASURED);
            long allocated = threads.getThreadAllocatedBytes(io) - bytesBefore;
            long relayed = engine.packetsRelayed() - packetsBefore;

            System.out.printf("relay I/O thread: %d bytes allocated over %d relayed packets (%.4f bytes/packet)%n",
                    allocated, relayed, (double) allocated / relayed);
            assertThat(relayed).isGreaterThan(MEASURED * 9L / 10);
            assertThat(RelayEngine.descriptorsUnboxed())
                    .as("the test JVM runs as the relay must: with -XX:AutoBoxCacheMax=65536 (media-relay's surefire argLine)").isTrue();
            assertThat(allocated).as("bytes allocated by the I/O thread for %d packets", relayed).isLessThan(relayed / 100);
        } finally {
            engine.stop();
            for (DatagramChannel f : filler) {
                f.close();
            }
        }
    }

    /** Sends RTP with rising sequence numbers, at most a few hundred ahead of the relay, so loopback drops little. */
    private static void send(DatagramChannel from, ByteBuffer packet, InetSocketAddress to, RelayEngine engine, int firstSeq, int count)
            throws Exception {
        long base = engine.packetsRelayed();
        for (int i = 0; i < count; i++) {
            packet.clear();
            packet.put(0, (byte) 0x80).put(1, (byte) 0).putShort(2, (short) (firstSeq + i)).putInt(4, i * 160).putInt(8, 0x1234);
            from.send(packet, to);
            if (i % 128 == 127) {
                long deadline = System.nanoTime() + 2_000_000_000L;
                while (engine.packetsRelayed() - base < i - 128 && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
            }
        }
        long seen = -1;
        while (engine.packetsRelayed() - base < count && engine.packetsRelayed() != seen) {
            seen = engine.packetsRelayed();
            Thread.sleep(50);
        }
    }
}
