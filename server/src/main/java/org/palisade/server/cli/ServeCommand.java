package org.palisade.server.cli;

import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.palisade.server.PalisadeConfig;
import org.palisade.server.PalisadeNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", description = "Run Palisade: the SIP registrar on UDP and TCP, on the configured database.",
        mixinStandardHelpOptions = true)
final class ServeCommand implements java.util.concurrent.Callable<Integer> {

    private final Cli cli;

    ServeCommand(Cli cli) {
        this.cli = cli;
    }

    @Option(names = "--sip-address", description = "Address to listen on (sip.address)")
    void address(String v) {
        cli.flags.put("sip.address", v);
    }

    @Option(names = "--sip-port", description = "UDP and TCP port (sip.udp-port and sip.tcp-port)")
    void port(String v) {
        cli.flags.put("sip.udp-port", v);
        cli.flags.put("sip.tcp-port", v);
    }

    @Option(names = "--sip-udp-port")
    void udpPort(String v) {
        cli.flags.put("sip.udp-port", v);
    }

    @Option(names = "--sip-tcp-port")
    void tcpPort(String v) {
        cli.flags.put("sip.tcp-port", v);
    }

    @Override
    public Integer call() throws Exception {
        PalisadeConfig config = cli.config();
        PalisadeNode node = PalisadeNode.recordingCalls(cli.database(), config.sip(), config.registrar(), config.proxy(),
                config.cdrSpool(), Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            cli.close();
            stopped.countDown();
        }, "palisade-shutdown"));
        node.start();
        cli.err.println("Palisade serving domain " + config.domain() + " on " + config.sip().address()
                + " (udp " + config.sip().udpPort() + ", tcp " + config.sip().tcpPort() + "), database "
                + config.database());
        cli.err.flush();
        stopped.await();
        return 0;
    }
}
