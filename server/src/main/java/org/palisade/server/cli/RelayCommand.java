package org.palisade.server.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.palisade.relay.node.RelayNode;
import org.palisade.relay.node.RelaySettings;
import org.palisade.server.PalisadeConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A relay node on its own: no database, no SIP, only the RTP relay and its ng control socket.
 * Proxies (Palisade's, or Kamailio's rtpengine module) drive it; admins add it to Palisade
 * with {@code relay-node add}.
 */
@Command(name = "relay", mixinStandardHelpOptions = true,
        description = "Run a media relay node alone: RTP/RTCP relay controlled over rtpengine's ng protocol, no database, no SIP.")
final class RelayCommand implements Callable<Integer> {

    private final Cli cli;

    @Option(names = "--ng", paramLabel = "ADDRESS:PORT", description = "ng control socket, e.g. 127.0.0.1:22222 or [::1]:22222 (default: relay.ng)")
    String ng;

    @Option(names = "--ports", paramLabel = "FROM-TO", description = "UDP port range for media, e.g. 30000-39999 (default: relay.ports)")
    String ports;

    @Option(names = "--advertise", paramLabel = "ADDRESS[,ADDRESS6]",
            description = "Address(es) phones send media to; LOCAL!PUBLIC for 1:1 NAT (default: relay.advertise, else the ng address)")
    String advertise;

    @Option(names = "--io-threads", paramLabel = "N", description = "Threads relaying packets (default: one per processor)")
    Integer ioThreads;

    RelayCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() throws Exception {
        PalisadeConfig config = cli.config();
        RelaySettings settings = RelaySettings.parse(ng != null ? ng : config.get("relay.ng"),
                ports != null ? ports : config.get("relay.ports"), advertise != null ? advertise : config.get("relay.advertise"));
        if (ioThreads != null) {
            settings = settings.withIoThreads(ioThreads);
        }
        RelayNode relay = new RelayNode(settings);
        relay.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            relay.stop();
            stopped.countDown();
        }, "palisade-relay-shutdown"));
        cli.err.println("Palisade relay: ng on " + relay.ngAddress() + ", media ports " + settings.portMin() + "-" + settings.portMax()
                + ", advertising " + (settings.advertise().isEmpty() ? settings.ngHost() : String.join(",", settings.advertise())));
        cli.err.flush();
        stopped.await();
        return 0;
    }
}
