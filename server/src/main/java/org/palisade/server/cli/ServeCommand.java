package org.palisade.server.cli;

import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.palisade.core.media.AnchorPolicy;
import org.palisade.directory.DirectoryScheduler;
import org.palisade.directory.DirectorySync;
import org.palisade.server.DirectorySecrets;
import org.palisade.server.MediaPlane;
import org.palisade.server.PalisadeConfig;
import org.palisade.server.PalisadeNode;
import org.palisade.pbx.sip.TrunkPasswords;
import org.palisade.server.PbxConfig;
import org.palisade.server.AdminWeb;
import org.palisade.server.WebConfig;
import org.palisade.web.WebServer;
import org.palisade.web.WebSettings;
import org.palisade.sip.SipSettings;
import org.palisade.sip.proxy.ProxySettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", description = "Run Palisade: the SIP registrar and proxy on UDP and TCP (and TLS when sip.tls-port is set), and the web UI and API, on the configured database.",
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

    @Option(names = "--sip-tls-port", description = "SIP over TLS port, usually 5061 (sip.tls-port; needs sip.tls-keystore)")
    void tlsPort(String v) {
        cli.flags.put("sip.tls-port", v);
    }

    @Option(names = "--http-port", description = "Port of the web UI and API (http.port; 0 picks a free one)")
    void httpPort(String v) {
        cli.flags.put(WebConfig.PORT, v);
    }

    @Option(names = "--http-bind", description = "Address of the web UI and API (http.bind; use HTTPS off loopback)")
    void httpBind(String v) {
        cli.flags.put(WebConfig.BIND, v);
    }

    @Override
    public Integer call() throws Exception {
        PalisadeConfig config = cli.config();
        SipSettings sip = config.sip(); // first: a bad TLS keystore stops the start before the database is touched
        WebSettings webSettings = WebConfig.enabled(config) ? WebConfig.settings(config) : null; // likewise its HTTPS keystore
        ProxySettings proxy = config.proxy();
        MediaPlane media = proxy.anchor() == AnchorPolicy.NONE ? null
                : new MediaPlane(cli.database(), config.embeddedRelay(), config.relayPool());
        PalisadeNode node = PalisadeNode.recordingCalls(cli.database(), sip, config.registrar(), proxy,
                config.cdrSpool(), media, Clock.systemUTC());
        // The key is read when a PBX challenges, not here: a node whose trunks need no password starts without one.
        node.trunks(trunk -> TrunkPasswords.opener(PbxConfig.secretBox(config)).apply(trunk), PbxConfig.trunkSettings(config));
        node.bridge(PbxConfig.bridge(config, cli.database(), node::trunkUp, Clock.systemUTC()));
        // for trunk passwords set through the web API: the key is read then, as the CLI does
        node.trunkPasswordSealer((purpose, password) -> PbxConfig.secretBox(config).seal(purpose, password))
                .numbers(PbxConfig.numbers(config));
        // the directory sync looks at its settings every minute and runs when due (nothing while not configured)
        node.directorySync(new DirectoryScheduler(cli.database(),
                new DirectorySync(cli.database(), config.domain(), DirectorySecrets.opener(config), Clock.systemUTC()), Clock.systemUTC()));
        WebServer web = webSettings == null ? null : AdminWeb.create(webSettings, node, Clock.systemUTC());
        if (web != null) {
            AdminWeb.directoryLogins(web, node, DirectorySecrets.opener(config), WebConfig.directoryRecheck(config));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (web != null) {
                web.close(); // first: no admin change while the node goes down
            }
            node.close();
            cli.close();
            stopped.countDown();
        }, "palisade-shutdown"));
        node.start();
        if (web != null) {
            try {
                web.start();
            } catch (Exception e) {
                node.close(); // e.g. the port is taken: leave nothing running behind the error
                throw e;
            }
        }
        cli.err.println("Palisade serving domain " + config.domain() + " on " + sip.address()
                + " (udp " + sip.udpPort() + ", tcp " + sip.tcpPort() + (sip.tls() ? ", tls " + sip.tlsPort() : "") + "), database "
                + config.database() + ", " + describe(media) + ", " + (web == null ? "web UI off (http.enabled=false)" : "web UI " + web.baseUri()));
        cli.err.flush();
        stopped.await();
        return 0;
    }

    private static String describe(MediaPlane media) {
        if (media == null) {
            return "media not anchored (relay.anchor=none)";
        }
        org.palisade.relay.node.RelayNode relay = media.embedded();
        return relay == null ? "media anchored on the relay nodes of `relay-node list`"
                : "embedded relay ng " + relay.ngAddress() + " media ports " + relay.settings().portMin() + "-" + relay.settings().portMax();
    }
}
