package org.palisade.relay.load;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Load generator for an RTP relay controlled over rtpengine's ng protocol (rtpengine itself,
 * or Palisade's {@code palisade relay}). Not a test: {@code bench/relay.sh} runs it.
 *
 * <p>STREAMS is the number of one-way RTP streams. They travel in STREAMS/2 calls, each
 * carrying one stream each way (an odd STREAMS gives the last call one stream, caller to
 * callee). For every call it opens two UDP sockets on the local address (caller, callee),
 * sends {@code offer} (the caller's SDP) and {@code answer} (the callee's SDP) to the relay,
 * and reads the relay's ports from the SDP the relay returns: the caller sends to the port in
 * the rewritten answer, the callee to the port in the rewritten offer.
 *
 * <p>Every stream then sends {@code rate} packets a second of {@code size} bytes (a 12-byte RTP
 * header, PCMU, and in the payload a marker, the stream, the packet's sequence number and its
 * {@link System#nanoTime()} at sending), for {@code warmup + seconds} seconds. One sender
 * thread paces all streams on one even schedule: the streams' phases are spread over the
 * packet interval, so the relay gets STREAMS x rate packets a second at even spacing, not in
 * bursts. One receiver thread reads every socket through a selector and counts, per stream,
 * the packets that arrived (duplicates, reordered and late ones separately) and their one-way
 * latency through the relay. Only packets sent after the warm-up count; the warm-up lets the
 * relay learn the endpoints and its JIT compile. Buffers are allocated up front: the generator
 * itself allocates nothing per packet, so it measures the relay rather than its own GC.
 *
 * <p>The sockets are connected to the relay ports they send to (a relay answers from the port
 * it is sent to: symmetric RTP), which spares the kernel a route lookup per packet; with
 * {@code --unconnected} they accept packets from anywhere. With {@code --direct} there is no
 * relay: caller and callee send to each other, the baseline of the generator itself.
 *
 * <p>At the end it deletes the calls and prints one line, {@code RESULT key=value ...}; with
 * {@code --relay-pid} it includes the relay's CPU over the measured window, read from /proc.
 *
 * <pre>
 * usage: RelayLoad --ng HOST:PORT --streams N [--seconds 10] [--warmup 2] [--size 172] [--rate 50]
 *                  [--relay-pid PID] [--clk-tck 100] [--late-ms 100] [--drain-ms 1000]
 *                  [--local 127.0.0.1] [--window 64] [--batch-us 100] [--unconnected]
 *        RelayLoad --direct --streams N ...                 (no relay: the generator's baseline)
 *        RelayLoad --ng HOST:PORT --ping-wait SECONDS       (waits until the relay answers ping)
 * </pre>
 */
public final class RelayLoad {

    private static final int MARKER = 0x504C5344; // "PLSD"
    private static final int RTP_HEADER = 12;
    private static final int MIN_SIZE = RTP_HEADER + 20; // marker, stream, sequence, timestamp
    private static final int SSRC_BASE = 0x5A000000;
    private static final int READS_PER_SELECT = 1;
    private static final PrintStream LOG = System.err;

    // ---------------------------------------------------------------- settings
    private InetSocketAddress ng;
    private int streams;
    private double seconds = 10;
    private double warmup = 2;
    private int size = 172;
    private int rate = 50;
    private String relayPid;
    private int clkTck = 100;
    private long lateMicros = 100_000;
    private long drainMillis = 1000;
    private InetAddress local = InetAddress.getLoopbackAddress();
    private int window = 64;
    private double pingWait = -1;
    private long batchMicros = 100;
    private boolean connect = true;
    private boolean direct;

    // ---------------------------------------------------------------- calls and streams
    private int calls;
    private DatagramChannel[] caller;
    private DatagramChannel[] callee;
    private String runId;
    private boolean[] callUp;
    /** per stream: where it is sent (null when its call failed), and the socket it leaves from */
    private InetSocketAddress[] target;
    private DatagramChannel[] source;
    private int packetsPerStream;
    private int warmupPackets;

    // ---------------------------------------------------------------- receiver state (one thread)
    private long[] seen;          // bitmap stream x sequence: duplicates
    private int[] highest;        // per stream: highest sequence so far, -1 before the first
    private long received;        // distinct measured packets
    private long receivedWarmup;  // distinct warm-up packets
    private long duplicates;
    private long reordered;       // arrived after a packet with a higher sequence number
    private long late;            // measured packets later than lateMicros
    private long misrouted;       // a stream's packet on another stream's socket
    private long foreign;         // datagrams that are not ours
    private long readErrors;
    private final LatencyHistogram latency = new LatencyHistogram();

    // ---------------------------------------------------------------- sender state (one thread)
    private long sent;
    private long sentMeasured;
    private volatile long measureStarted;
    private volatile long sendingEnded;
    private long sendErrors;
    private String firstSendError;
    private final LatencyHistogram sendLag = new LatencyHistogram();

    public static void main(String[] args) throws Exception {
        RelayLoad load = new RelayLoad();
        try {
            load.parse(args);
        } catch (IllegalArgumentException e) {
            LOG.println("RelayLoad: " + e.getMessage());
            LOG.println("usage: RelayLoad --ng HOST:PORT --streams N [--seconds S] [--warmup S] [--size BYTES] [--rate PPS]");
            LOG.println("                 [--relay-pid PID] [--clk-tck HZ] [--late-ms MS] [--drain-ms MS] [--local ADDRESS]");
            LOG.println("                 [--window N] [--batch-us US] [--unconnected]");
            LOG.println("       RelayLoad --direct --streams N ...   (no relay: the generator's own baseline)");
            LOG.println("       RelayLoad --ng HOST:PORT --ping-wait SECONDS");
            System.exit(2);
        }
        System.exit(load.pingWait >= 0 ? load.ping() : load.run());
    }

    private void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--direct")) {
                direct = true;
                continue;
            }
            if (a.equals("--unconnected")) {
                connect = false;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + ": not an option, or its value is missing");
            }
            String v = args[++i];
            switch (a) {
                case "--ng" -> ng = address(v);
                case "--streams" -> streams = positive(a, Integer.parseInt(v));
                case "--seconds" -> seconds = positive(a, Double.parseDouble(v));
                case "--warmup" -> warmup = Double.parseDouble(v);
                case "--size" -> size = positive(a, Integer.parseInt(v));
                case "--rate" -> rate = positive(a, Integer.parseInt(v));
                case "--relay-pid" -> relayPid = v;
                case "--clk-tck" -> clkTck = positive(a, Integer.parseInt(v));
                case "--late-ms" -> lateMicros = positive(a, Long.parseLong(v)) * 1000;
                case "--drain-ms" -> drainMillis = Long.parseLong(v);
                case "--local" -> local = inet(v);
                case "--window" -> window = positive(a, Integer.parseInt(v));
                case "--ping-wait" -> pingWait = Double.parseDouble(v);
                case "--batch-us" -> batchMicros = Long.parseLong(v);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (ng == null && !direct) {
            throw new IllegalArgumentException("--ng is required");
        }
        if (pingWait < 0 && streams == 0) {
            throw new IllegalArgumentException("--streams is required");
        }
        if (size < MIN_SIZE || size > 1472) {
            throw new IllegalArgumentException("--size must be " + MIN_SIZE + " to 1472 bytes");
        }
        if (warmup < 0 || drainMillis < 0) {
            throw new IllegalArgumentException("--warmup and --drain-ms must not be negative");
        }
    }

    private static <T extends Number> T positive(String option, T value) {
        if (value.doubleValue() <= 0) {
            throw new IllegalArgumentException(option + " must be positive");
        }
        return value;
    }

    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("not HOST:PORT: " + hostPort);
        }
        return new InetSocketAddress(inet(hostPort.substring(0, colon)), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    private static InetAddress inet(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (IOException e) {
            throw new IllegalArgumentException("unknown address " + host);
        }
    }

    // ---------------------------------------------------------------- ping

    private int ping() throws IOException {
        long deadline = System.nanoTime() + (long) (pingWait * 1e9);
        try (LoadNg client = new LoadNg(ng)) {
            do {
                Map<String, Object> reply = client.request(Map.of("command", "ping"), 200, 1);
                if (reply != null && "pong".equals(reply.get("result"))) {
                    return 0;
                }
                if (reply != null) {
                    LOG.println("RelayLoad: ping answered " + reply);
                    return 1;
                }
            } while (System.nanoTime() < deadline);
        }
        LOG.println("RelayLoad: no pong from " + ng + " within " + pingWait + " s");
        return 1;
    }

    // ---------------------------------------------------------------- the run

    private int run() throws Exception {
        calls = (streams + 1) / 2;
        packetsPerStream = (int) Math.round((warmup + seconds) * rate);
        warmupPackets = (int) Math.round(warmup * rate);
        runId = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 20);
        caller = new DatagramChannel[calls];
        callee = new DatagramChannel[calls];
        callUp = new boolean[calls];
        target = new InetSocketAddress[streams];
        source = new DatagramChannel[streams];
        Set<Integer> localPorts = new HashSet<>();
        Selector selector = Selector.open();
        long setupStart = System.nanoTime();
        try (LoadNg control = direct ? null : new LoadNg(ng)) {
            for (int c = 0; c < calls; c++) {
                caller[c] = open(selector, 2 * c + 1, localPorts); // the caller receives the callee's stream
                callee[c] = open(selector, 2 * c, localPorts);
            }
            LOG.printf(Locale.ROOT, "RelayLoad: %d streams in %d calls, %d sockets; %s%n", streams, calls, 2 * calls,
                    direct ? "no relay: caller and callee send to each other directly" : "offer/answer to " + ng);
            String setupError = direct ? connectDirectly() : setUpCalls(control);
            long setupMillis = (System.nanoTime() - setupStart) / 1_000_000;
            int up = 0;
            for (boolean b : callUp) {
                up += b ? 1 : 0;
            }
            if (up == 0) {
                System.out.printf(Locale.ROOT, "RESULT streams=%d calls=%d calls_up=0 error=%s%n", streams, calls,
                        quote(setupError));
                if (control != null) {
                    deleteCalls(control);
                }
                return 1;
            }
            LOG.printf(Locale.ROOT, "RelayLoad: %d of %d calls up in %d ms%s; sending %.1f s (+%.1f s warm-up)%n",
                    up, calls, setupMillis, setupError == null ? "" : " (first failure: " + setupError + ")",
                    seconds, warmup);
            Map<String, Object> result = measure(selector, localPorts);
            result.put("calls_up", up);
            result.put("setup_ms", setupMillis);
            result.put("mode", direct ? "direct" : connect ? "connected" : "unconnected");
            if (setupError != null) {
                result.put("setup_error", quote(setupError));
            }
            if (control != null) {
                deleteCalls(control);
            }
            StringBuilder line = new StringBuilder("RESULT");
            result.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
            System.out.println(line);
            return 0;
        } finally {
            for (int c = 0; c < calls; c++) {
                closeQuietly(caller[c]);
                closeQuietly(callee[c]);
            }
            selector.close();
        }
    }

    /** The baseline without a relay: caller and callee send to each other. */
    private String connectDirectly() throws IOException {
        for (int c = 0; c < calls; c++) {
            route(c, (InetSocketAddress) callee[c].getLocalAddress(), (InetSocketAddress) caller[c].getLocalAddress());
        }
        return null;
    }

    /** Call c is up: the caller sends to callerTarget, the callee to calleeTarget. */
    private void route(int c, InetSocketAddress callerTarget, InetSocketAddress calleeTarget) throws IOException {
        callUp[c] = true;
        target[2 * c] = callerTarget;
        source[2 * c] = caller[c];
        if (connect) {
            // a relay answers from the port it is sent to (symmetric RTP); a connected socket
            // saves the kernel a route lookup per packet, and the generator the source address
            caller[c].connect(callerTarget);
        }
        if (2 * c + 1 < streams) {
            target[2 * c + 1] = calleeTarget;
            source[2 * c + 1] = callee[c];
        }
        if (connect) {
            callee[c].connect(calleeTarget);
        }
    }

    private DatagramChannel open(Selector selector, int receivesStream, Set<Integer> localPorts) throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        ch.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
        ch.bind(new InetSocketAddress(local, 0));
        ch.configureBlocking(false);
        ch.register(selector, SelectionKey.OP_READ, receivesStream);
        localPorts.add(((InetSocketAddress) ch.getLocalAddress()).getPort());
        return ch;
    }

    private static int port(DatagramChannel ch) throws IOException {
        return ((InetSocketAddress) ch.getLocalAddress()).getPort();
    }

    private String callId(int c) {
        return "relayload-" + runId + "-" + c;
    }

    private String sdp(int port, long session) {
        String a = local.getHostAddress();
        return "v=0\r\n"
                + "o=- " + session + " 1 IN IP4 " + a + "\r\n"
                + "s=-\r\n"
                + "c=IN IP4 " + a + "\r\n"
                + "t=0 0\r\n"
                + "m=audio " + port + " RTP/AVP 0\r\n"
                + "a=rtpmap:0 PCMU/8000\r\n"
                + "a=ptime:" + (1000 / rate) + "\r\n"
                + "a=sendrecv\r\n";
    }

    /** Offers, then answers, all pipelined. Returns the first failure, or null. */
    private String setUpCalls(LoadNg control) throws IOException {
        List<Map<String, Object>> offers = new ArrayList<>(calls);
        for (int c = 0; c < calls; c++) {
            Map<String, Object> offer = new LinkedHashMap<>();
            offer.put("command", "offer");
            offer.put("call-id", callId(c));
            offer.put("from-tag", "caller-" + c);
            offer.put("sdp", sdp(port(caller[c]), 1000L + c));
            offer.put("replace", List.of("origin", "session-connection"));
            offer.put("ICE", "remove");
            offers.add(offer);
        }
        List<Map<String, Object>> offerReplies = control.batch(offers, window, 1000, 5);
        String firstError = null;
        InetSocketAddress[] calleeTarget = new InetSocketAddress[calls]; // from the rewritten offer
        List<Map<String, Object>> answers = new ArrayList<>();
        List<Integer> answered = new ArrayList<>();
        for (int c = 0; c < calls; c++) {
            Map<String, Object> reply = offerReplies.get(c);
            String outcome = LoadNg.outcome(reply);
            InetSocketAddress relayPort = "ok".equals(outcome) ? media(reply.get("sdp")) : null;
            if (relayPort == null) {
                firstError = firstError != null ? firstError
                        : "offer of call " + c + ": " + ("ok".equals(outcome) ? "no m=audio port and c= address in the SDP" : outcome);
                continue;
            }
            calleeTarget[c] = relayPort;
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("command", "answer");
            answer.put("call-id", callId(c));
            answer.put("from-tag", "caller-" + c);
            answer.put("to-tag", "callee-" + c);
            answer.put("sdp", sdp(port(callee[c]), 2000L + c));
            answer.put("replace", List.of("origin", "session-connection"));
            answer.put("ICE", "remove");
            answers.add(answer);
            answered.add(c);
        }
        List<Map<String, Object>> answerReplies = control.batch(answers, window, 1000, 5);
        for (int i = 0; i < answered.size(); i++) {
            int c = answered.get(i);
            Map<String, Object> reply = answerReplies.get(i);
            String outcome = LoadNg.outcome(reply);
            InetSocketAddress callerTarget = "ok".equals(outcome) ? media(reply.get("sdp")) : null;
            if (callerTarget == null) {
                firstError = firstError != null ? firstError
                        : "answer of call " + c + ": " + ("ok".equals(outcome) ? "no m=audio port and c= address in the SDP" : outcome);
                continue;
            }
            route(c, callerTarget, calleeTarget[c]); // caller -> the port in the rewritten answer, callee -> the offer's
        }
        return firstError;
    }

    /** The audio address of an SDP: the m=audio port, and the media-level c= or else the session-level one. */
    static InetSocketAddress media(Object sdpObject) {
        if (!(sdpObject instanceof String sdp)) {
            return null;
        }
        String session = null;
        String media = null;
        int port = -1;
        boolean inAudio = false;
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith("m=")) {
                if (port >= 0) {
                    break; // only the first audio section
                }
                inAudio = line.startsWith("m=audio ");
                if (inAudio) {
                    port = Integer.parseInt(line.split(" ")[1].split("/")[0]);
                }
            } else if (line.startsWith("c=")) {
                String[] f = line.substring(2).trim().split(" ");
                if (f.length >= 3) {
                    String address = f[2].split("/")[0];
                    if (port < 0 && !inAudio) {
                        session = address;
                    } else if (inAudio) {
                        media = address;
                    }
                }
            }
        }
        String address = media != null ? media : session;
        if (port <= 0 || address == null) {
            return null;
        }
        return new InetSocketAddress(inet(address), port);
    }

    private void deleteCalls(LoadNg control) throws IOException {
        List<Map<String, Object>> deletes = new ArrayList<>(calls);
        for (int c = 0; c < calls; c++) {
            deletes.add(Map.of("command", "delete", "call-id", callId(c), "from-tag", "caller-" + c));
        }
        List<Map<String, Object>> replies = control.batch(deletes, window, 1000, 3);
        int failed = 0;
        String first = null;
        for (int c = 0; c < calls; c++) {
            String outcome = LoadNg.outcome(replies.get(c));
            if (!"ok".equals(outcome) && callUp[c]) {
                failed++;
                first = first != null ? first : outcome;
            }
        }
        if (failed > 0) {
            LOG.printf(Locale.ROOT, "RelayLoad: %d deletes failed (first: %s)%n", failed, first);
        }
    }

    // ---------------------------------------------------------------- media

    private Map<String, Object> measure(Selector selector, Set<Integer> localPorts) throws Exception {
        seen = new long[(int) (((long) streams * packetsPerStream + 63) / 64)];
        highest = new int[streams];
        java.util.Arrays.fill(highest, -1);
        long period = 1_000_000_000L / rate;
        long start = System.nanoTime() + 200_000_000L; // let both threads get going
        long measureFrom = start + warmupPackets * period;

        Thread receiver = new Thread(() -> receive(selector), "relayload-receiver");
        Thread sender = new Thread(() -> send(start, period), "relayload-sender");
        receiver.setPriority(Thread.MAX_PRIORITY);
        sender.setPriority(Thread.MAX_PRIORITY);
        receiver.start();
        sender.start();

        // the measuring window is the sender's: from its first packet after the warm-up to its
        // last one, however late it may be (the lag is reported)
        parkUntil(measureFrom);
        while (measureStarted == 0 && sender.isAlive()) {
            LockSupport.parkNanos(200_000);
        }
        long relay0 = relayPid == null ? -1 : ProcStat.processTicks(relayPid);
        long self0 = ownCpuNanos();
        long[] machine0 = ProcStat.machineTicks();
        Map<Long, Long> all0 = ProcStat.allProcessTicks();
        long rcvbuf0 = ProcStat.udpReceiveBufferErrors();
        long wall0 = System.nanoTime();
        sender.join();
        long relay1 = relayPid == null ? -1 : ProcStat.processTicks(relayPid);
        long self1 = ownCpuNanos();
        long[] machine1 = ProcStat.machineTicks();
        Map<Long, Long> all1 = ProcStat.allProcessTicks();
        long wall1 = System.nanoTime();

        Thread.sleep(drainMillis);
        long rcvbuf1 = ProcStat.udpReceiveBufferErrors();
        stopReceiving = true;
        selector.wakeup();
        receiver.join();
        long generatorDrops = ProcStat.udpDropsOnPorts(localPorts);

        long liveStreams = 0;
        for (InetSocketAddress t : target) {
            liveStreams += t == null ? 0 : 1;
        }
        long expected = (long) streams * (packetsPerStream - warmupPackets);
        long lost = expected - received;
        double wallSeconds = (wall1 - wall0) / 1e9;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("streams", streams);
        r.put("calls", calls);
        r.put("size", size);
        r.put("rate", rate);
        r.put("seconds", fmt(seconds, 1));
        r.put("warmup", fmt(warmup, 1));
        r.put("offered_pps", (long) streams * rate);
        r.put("live_streams", liveStreams);
        r.put("expected", expected);
        r.put("sent", sent);
        double window = (sendingEnded - measureStarted) / 1e9;
        r.put("sent_pps", measureStarted == 0 || window <= 0 ? "-" : fmt(sentMeasured / window, 0));
        r.put("received", received);
        r.put("lost", lost);
        r.put("loss_pct", fmt(expected == 0 ? 0 : lost * 100.0 / expected, 4));
        r.put("warmup_lost", (long) streams * warmupPackets - receivedWarmup);
        r.put("late", late);
        // a packet that comes later than a phone's jitter buffer waits is as good as lost
        r.put("lost_or_late_pct", fmt(expected == 0 ? 0 : (lost + late) * 100.0 / expected, 4));
        r.put("late_ms", lateMicros / 1000);
        r.put("reordered", reordered);
        r.put("duplicates", duplicates);
        r.put("misrouted", misrouted);
        r.put("foreign", foreign);
        r.put("read_errors", readErrors);
        r.put("send_errors", sendErrors);
        r.put("p50_us", latency.quantile(0.50));
        r.put("p90_us", latency.quantile(0.90));
        r.put("p99_us", latency.quantile(0.99));
        r.put("p999_us", latency.quantile(0.999));
        r.put("max_us", latency.count() == 0 ? -1 : latency.max());
        r.put("send_lag_p99_us", sendLag.quantile(0.99));
        r.put("send_lag_max_us", sendLag.count() == 0 ? -1 : sendLag.max());
        r.put("relay_cpu_pct", relay0 < 0 || relay1 < 0 ? "-" : fmt((relay1 - relay0) * 100.0 / clkTck / wallSeconds, 1));
        // the relay's CPU per packet it forwarded (one forward per packet sent)
        r.put("relay_us_per_pkt", relay0 < 0 || relay1 < 0 || sentMeasured == 0 ? "-"
                : fmt((relay1 - relay0) * 1e6 / clkTck / sentMeasured, 2));
        r.put("gen_cpu_pct", self0 < 0 || self1 < 0 ? "-" : fmt((self1 - self0) / 1e7 / wallSeconds, 1));
        r.put("machine_cpu_pct", machine0[0] < 0 || machine1[0] < 0 || machine1[1] == machine0[1] ? "-"
                : fmt((machine1[0] - machine0[0]) * 100.0 * Runtime.getRuntime().availableProcessors()
                        / (machine1[1] - machine0[1]), 1));
        r.put("softirq_cpu_pct", machine0[2] < 0 || machine1[2] < 0 || machine1[1] == machine0[1] ? "-"
                : fmt((machine1[2] - machine0[2]) * 100.0 * Runtime.getRuntime().availableProcessors()
                        / (machine1[1] - machine0[1]), 1));
        Set<Long> us = new HashSet<>(List.of(ProcessHandle.current().pid()));
        if (relayPid != null) {
            us.add(Long.parseLong(relayPid));
        }
        r.put("others_cpu_pct", all0 == null || all1 == null ? "-"
                : fmt(ProcStat.otherProcessTicks(all0, all1, us) * 100.0 / clkTck / wallSeconds, 1));
        r.put("cores", Runtime.getRuntime().availableProcessors());
        r.put("gen_sock_drops", generatorDrops);
        r.put("udp_rcvbuf_errors", rcvbuf0 < 0 || rcvbuf1 < 0 ? "-" : rcvbuf1 - rcvbuf0);
        if (firstSendError != null) {
            r.put("send_error", quote(firstSendError));
        }
        return r;
    }

    private static long ownCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return -1;
    }

    private static void parkUntil(long deadline) {
        for (long now = System.nanoTime(); now < deadline; now = System.nanoTime()) {
            LockSupport.parkNanos(deadline - now);
        }
    }

    /**
     * Sends packet k of stream s at start + (k x streams + s) x period / streams: one even
     * schedule for all streams, each stream at its own phase within the packet interval. When
     * the thread wakes late it catches up at once (the lag is recorded); it never spins for
     * more than a few microseconds, so it leaves the CPU to the relay when it has nothing to do.
     */
    private void send(long start, long period) {
        ByteBuffer packet = ByteBuffer.allocateDirect(size);
        for (int i = 0; i < size; i++) {
            packet.put(i, (byte) 0xFF); // PCMU silence
        }
        packet.put(0, (byte) 0x80); // RTP version 2, no padding, no extension, no CSRC
        packet.put(1, (byte) 0);    // no marker, payload type 0 (PCMU)
        packet.putInt(RTP_HEADER, MARKER);
        int samplesPerPacket = 8000 / rate;
        long early = batchMicros * 1000;
        long total = (long) streams * packetsPerStream;
        long firstMeasured = (long) streams * warmupPackets;
        for (long g = 0; g < total; g++) {
            int s = (int) (g % streams);
            int k = (int) (g / streams);
            InetSocketAddress to = target[s];
            if (to == null) {
                continue; // its call could not be set up; counted as lost
            }
            long due = start + k * period + s * period / streams;
            long now = System.nanoTime();
            while (due - now > early) {
                LockSupport.parkNanos(due - now);
                now = System.nanoTime();
            }
            if (now > due) {
                sendLag.record((now - due) / 1000);
            } else {
                sendLag.record(0);
            }
            if (g >= firstMeasured && measureStarted == 0) {
                measureStarted = now; // the first packet that counts
            }
            packet.putShort(2, (short) k);
            packet.putInt(4, k * samplesPerPacket);
            packet.putInt(8, SSRC_BASE + s);
            packet.putInt(RTP_HEADER + 4, s);
            packet.putInt(RTP_HEADER + 8, k);
            packet.putLong(RTP_HEADER + 12, System.nanoTime());
            packet.clear();
            try {
                int n = connect ? source[s].write(packet) : source[s].send(packet, to);
                if (n == 0) {
                    sendErrors++;
                    firstSendError = firstSendError != null ? firstSendError : "socket buffer full";
                } else {
                    sent++;
                    if (k >= warmupPackets) {
                        sentMeasured++;
                    }
                }
            } catch (IOException e) {
                sendErrors++;
                firstSendError = firstSendError != null ? firstSendError : e.toString();
            }
        }
        sendingEnded = System.nanoTime();
    }

    private volatile boolean stopReceiving;

    private void receive(Selector selector) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(2048);
        Consumer<SelectionKey> drain = key -> drain(key, buffer);
        try {
            while (!stopReceiving) {
                selector.select(drain, 100);
            }
        } catch (IOException e) {
            LOG.println("RelayLoad: receiver: " + e);
        }
    }

    private void drain(SelectionKey key, ByteBuffer buffer) {
        DatagramChannel ch = (DatagramChannel) key.channel();
        int stream = (Integer) key.attachment();
        try {
            // One read per ready socket and select: the selector is level-triggered, so a socket
            // with more queued is selected again at once, while a second read would nearly
            // always be a wasted system call (each socket gets one packet per packet interval).
            for (int i = 0; i < READS_PER_SELECT; i++) {
                buffer.clear();
                if (connect ? ch.read(buffer) <= 0 : ch.receive(buffer) == null) {
                    return;
                }
                long now = System.nanoTime();
                if (buffer.position() < MIN_SIZE || buffer.getInt(RTP_HEADER) != MARKER) {
                    foreign++;
                    continue;
                }
                int s = buffer.getInt(RTP_HEADER + 4);
                int k = buffer.getInt(RTP_HEADER + 8);
                long sentAt = buffer.getLong(RTP_HEADER + 12);
                if (s < 0 || s >= streams) {
                    foreign++;
                    continue;
                }
                if (s != stream) {
                    misrouted++;
                    continue;
                }
                if (k < 0 || k >= packetsPerStream) {
                    foreign++;
                    continue;
                }
                long bit = (long) s * packetsPerStream + k;
                int word = (int) (bit >>> 6);
                long mask = 1L << (bit & 63);
                if ((seen[word] & mask) != 0) {
                    duplicates++;
                    continue;
                }
                seen[word] |= mask;
                if (k < highest[s]) {
                    reordered++;
                } else {
                    highest[s] = k;
                }
                if (k < warmupPackets) {
                    receivedWarmup++;
                    continue;
                }
                received++;
                long micros = (now - sentAt) / 1000;
                latency.record(micros);
                if (micros > lateMicros) {
                    late++;
                }
            }
        } catch (IOException e) {
            readErrors++; // e.g. an ICMP port unreachable on a connected socket
        }
    }

    private static String fmt(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String quote(String s) {
        return s == null ? "-" : s.replaceAll("\\s+", "_");
    }

    private static void closeQuietly(DatagramChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
