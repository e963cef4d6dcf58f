package org.palisade.relay.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Linux /proc readings: CPU of a process and of the machine, UDP drop counters. -1 when unreadable. */
final class ProcStat {

    private ProcStat() {
    }

    /** utime + stime of a process (all its threads), in clock ticks. */
    static long processTicks(String pid) {
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"), StandardCharsets.US_ASCII);
            // the command name (field 2) may hold blanks and parentheses: split after the last ')'
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of proc(5)
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static final long PF_KTHREAD = 0x00200000;

    /**
     * utime + stime of every user-space process on the machine, in clock ticks, by pid (kernel
     * threads are left out: their work, softirqs for instance, may be the relay's). Processes
     * that end in between are missed; it is meant to see a build or test run next to the bench.
     */
    static Map<Long, Long> allProcessTicks() {
        Map<Long, Long> ticks = new HashMap<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("[0-9]+"))) {
            for (Path dir : dirs) {
                try {
                    String stat = Files.readString(dir.resolve("stat"), StandardCharsets.US_ASCII);
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
                    if ((Long.parseLong(f[6]) & PF_KTHREAD) != 0) { // field 9, flags
                        continue;
                    }
                    ticks.put(Long.parseLong(dir.getFileName().toString()), Long.parseLong(f[11]) + Long.parseLong(f[12]));
                } catch (IOException | RuntimeException e) {
                    // gone in the meantime
                }
            }
        } catch (IOException e) {
            return null;
        }
        return ticks;
    }

    /** Ticks used between two {@link #allProcessTicks} readings by processes other than the excluded ones. */
    static long otherProcessTicks(Map<Long, Long> before, Map<Long, Long> after, Set<Long> excluded) {
        long sum = 0;
        for (Map.Entry<Long, Long> e : after.entrySet()) {
            if (!excluded.contains(e.getKey())) {
                sum += Math.max(0, e.getValue() - before.getOrDefault(e.getKey(), 0L));
            }
        }
        return sum;
    }

    /** {busy, total, softirq} ticks of all CPUs together; busy is everything but idle and iowait. */
    static long[] machineTicks() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat"), StandardCharsets.US_ASCII).get(0);
            String[] f = cpu.trim().split(" +");
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) { // user .. steal; guest is in user already
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle, total, Long.parseLong(f[7])};
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1, -1};
        }
    }

    /** Udp: RcvbufErrors from /proc/net/snmp (the whole machine). */
    static long udpReceiveBufferErrors() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/net/snmp"), StandardCharsets.US_ASCII);
            for (int i = 0; i + 1 < lines.size(); i++) {
                if (lines.get(i).startsWith("Udp:") && lines.get(i + 1).startsWith("Udp:")) {
                    List<String> names = List.of(lines.get(i).split(" +"));
                    String[] values = lines.get(i + 1).split(" +");
                    int c = names.indexOf("RcvbufErrors");
                    return c < 0 ? -1 : Long.parseLong(values[c]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return -1;
    }

    /**
     * Datagrams the kernel dropped on IPv4 UDP sockets bound to one of the given local ports
     * (the last column of /proc/net/udp): packets that reached the load generator's sockets but
     * found the receive buffer full, i.e. the generator's own fault.
     */
    static long udpDropsOnPorts(Set<Integer> ports) {
        try {
            long drops = 0;
            List<String> lines = Files.readAllLines(Path.of("/proc/net/udp"), StandardCharsets.US_ASCII);
            for (int i = 1; i < lines.size(); i++) {
                String[] f = lines.get(i).trim().split(" +");
                if (f.length < 13) {
                    continue;
                }
                String local = f[1];
                int port = Integer.parseInt(local.substring(local.indexOf(':') + 1), 16);
                if (ports.contains(port)) {
                    drops += Long.parseLong(f[f.length - 1]);
                }
            }
            return drops;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
