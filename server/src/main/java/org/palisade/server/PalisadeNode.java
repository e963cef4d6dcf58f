package org.palisade.server;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.palisade.core.call.CallObserver;
import org.palisade.core.audit.AuditLog;
import java.util.concurrent.TimeUnit;
import org.palisade.core.policy.DisabledServices;
import org.palisade.core.policy.RightsPolicy;
import org.slf4j.LoggerFactory;
import org.palisade.core.cdr.CallCounts;
import org.palisade.core.cdr.CdrAssembler;
import java.util.function.Function;
import org.palisade.core.trunk.PbxBridge;
import org.palisade.core.trunk.Trunk;
import org.palisade.pbx.sip.TrunkServices;
import org.palisade.pbx.sip.TrunkSettings;
import org.palisade.db.Database;
import org.palisade.db.cdr.SpoolSettings;
import org.palisade.db.cdr.SpoolingCdrWriter;
import org.palisade.registrar.Housekeeping;
import org.palisade.registrar.RegistrarSettings;
import org.palisade.registrar.auth.DigestAuthenticator;
import org.palisade.registrar.auth.NonceManager;
import org.palisade.registrar.location.LocationRegistrar;
import org.palisade.core.auth.LockoutTracker;
import org.palisade.sip.RegisterRoute;
import org.palisade.sip.Replies;
import org.palisade.sip.RequestRoute;
import org.palisade.sip.SipServer;
import org.palisade.sip.SipSettings;
import org.palisade.core.media.AnchorPolicy;
import org.palisade.sip.media.MediaSessions;
import org.palisade.sip.proxy.ProxyRoute;
import org.palisade.core.call.LiveCalls;
import org.palisade.sip.proxy.ProxySettings;

/** One running Palisade: the only place that knows every module, and the order they start and stop in. */
public final class PalisadeNode implements AutoCloseable {

    private final Database database;
    private final LocationRegistrar registrar;
    private final Housekeeping housekeeping;
    private final SipServer sip;
    private final ScheduledExecutorService proxyTimers;
    private final DisabledServices disabledServices;
    /** Held while this node applies the kill switch, so a web change and the once-a-second pass do not overlap. */
    private final Object killSwitch = new Object();
    /** The digest realm the extensions' password hashes are bound to. */
    private final String realm;
    /** Made when the SIP stack starts; the kill switch ends its calls. */
    private volatile ProxyRoute proxy;
    private final CallObserver calls;
    /** Set by {@link #recordingCalls}; closed after the SIP side, so the last calls' records are flushed. */
    private SpoolingCdrWriter cdrWriter;
    private CdrAssembler cdrAssembler;
    private CallCounts callCounts;
    /** The relay pool and embedded relay; null when this node anchors no media. */
    private final MediaPlane mediaPlane;
    /** Where ended calls release their relay ports and collect the counters (off the SIP threads). */
    private final ExecutorService mediaReleases;
    /** Trunks, dial plan and DIDs for the proxy; set before {@link #start}, when the proxy is made. */
    private volatile PbxBridge bridge = PbxBridge.NONE;
    /** How this node reaches its trunks (REGISTER, OPTIONS); null: it keeps no registrations nor health checks. */
    private volatile TrunkWiring trunkWiring;
    /** Made with the SIP stack, from {@link #trunkWiring}; started after it, stopped before it. */
    private volatile TrunkServices trunks;
    /** For the admin web API's trunk changes: see {@link #trunkPasswordSealer(org.palisade.core.trunk.PasswordSealer)}. */
    private volatile org.palisade.core.trunk.PasswordSealer trunkPasswordSealer = (purpose, password) -> {
        throw new IllegalArgumentException("secrets.key: not set on this server; trunk passwords are stored encrypted with it");
    };
    /** For the admin web API's DIDs and route tests: see {@link #numbers(org.palisade.pbx.dialplan.NumberNormalizer)}. */
    private volatile org.palisade.pbx.dialplan.NumberNormalizer numbers = new org.palisade.pbx.dialplan.NumberNormalizer(null);

    private record TrunkWiring(Function<Trunk, char[]> passwords, TrunkSettings settings) {
    }

    /** The scheduled directory (LDAP / AD) sync; null on a node that runs none. Started and closed with the node. */
    private volatile org.palisade.directory.DirectoryScheduler directorySync;

    private final SipSettings sipSettings;
    /** Between a successful {@link #start} and {@link #close}: what /health reports for SIP. */
    private volatile boolean sipListening;

    public PalisadeNode(Database database, SipSettings sipSettings, RegistrarSettings settings, Clock clock) {
        this(database, sipSettings, settings, ProxySettings.defaults(), CallObserver.NONE, clock);
    }

    /** @param calls told of every call's start, answer and end (the CDR writer, later) */
    public PalisadeNode(Database database, SipSettings sipSettings, RegistrarSettings settings, ProxySettings proxySettings,
                        CallObserver calls, Clock clock) {
        this(database, sipSettings, settings, proxySettings, calls, null, clock);
    }

    /**
     * @param calls told of every call's start, answer and end (the CDR writer)
     * @param media the relay nodes calls are anchored on, started and closed with this node;
     *              null anchors nothing
     */
    public PalisadeNode(Database database, SipSettings sipSettings, RegistrarSettings settings, ProxySettings proxySettings,
                        CallObserver calls, MediaPlane media, Clock clock) {
        this.database = database;
        this.sipSettings = sipSettings;
        this.calls = calls;
        this.mediaPlane = media;
        AuditLog audit = new AuditLog(database, clock);
        NonceManager nonces = new NonceManager(clock, settings.nonceLifetime());
        LockoutTracker lockout = new LockoutTracker(clock, settings.lockoutMaxFailures(), settings.lockoutWindow(),
                settings.lockoutDuration());
        DigestAuthenticator authenticator = new DigestAuthenticator(database, audit, nonces, lockout, settings.realm(),
                settings.digestAlgorithms());
        this.registrar = new LocationRegistrar(database, settings, clock);
        this.housekeeping = new Housekeeping(registrar, lockout, nonces, audit, settings);
        // No-answer timers and the dialog sweep: one thread, the tasks are tiny.
        this.proxyTimers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "palisade-proxy-timers");
            t.setDaemon(true);
            return t;
        });
        this.disabledServices = new DisabledServices(database);
        this.realm = settings.realm();
        RightsPolicy policy = new RightsPolicy(disabledServices);
        MediaSessions sessions;
        if (media != null && proxySettings.anchor() != AnchorPolicy.NONE) {
            this.mediaReleases = Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "palisade-relay-release");
                t.setDaemon(true);
                return t;
            });
            sessions = new MediaSessions(media.anchor(), mediaReleases);
        } else {
            this.mediaReleases = null;
            sessions = null;
        }
        CallObserver observed = sessions == null ? calls : sessions.observing(calls);
        this.sip = new SipServer(sipSettings, ctx -> {
            Replies replies = new Replies(ctx.messages(), ctx.headers(), ctx.addresses());
            proxy = new ProxyRoute(ctx, replies, authenticator, registrar, database, policy, observed, sessions, bridge,
                    proxySettings, proxyTimers, clock);
            TrunkWiring wiring = trunkWiring;
            if (wiring != null) {
                trunks = new TrunkServices(ctx, () -> database.inTransaction(tx -> tx.trunks().list()), wiring.passwords(),
                        wiring.settings(), clock, audit);
            }
            return new RequestRoute(replies, new RegisterRoute(replies, authenticator, registrar, proxy::registered), proxy);
        });
    }

    /**
     * A node whose calls are recorded: a {@link CdrAssembler} as the proxy's observer, writing
     * through the durable spool in {@code cdrSpool} (replayed here, before SIP starts).
     */
    public static PalisadeNode recordingCalls(Database database, SipSettings sipSettings, RegistrarSettings settings,
                                              ProxySettings proxySettings, SpoolSettings cdrSpool, Clock clock) {
        return recordingCalls(database, sipSettings, settings, proxySettings, cdrSpool, null, clock);
    }

    /** Likewise, anchoring media on {@code media} (null: none). */
    public static PalisadeNode recordingCalls(Database database, SipSettings sipSettings, RegistrarSettings settings,
                                              ProxySettings proxySettings, SpoolSettings cdrSpool, MediaPlane media, Clock clock) {
        SpoolingCdrWriter writer = new SpoolingCdrWriter(database, cdrSpool);
        try {
            CallCounts counts = new CallCounts(writer);
            CdrAssembler assembler = new CdrAssembler(counts);
            PalisadeNode node = new PalisadeNode(database, sipSettings, settings, proxySettings, assembler, media, clock);
            node.cdrWriter = writer;
            node.cdrAssembler = assembler;
            node.callCounts = counts;
            return node;
        } catch (RuntimeException e) {
            writer.close();
            throw e;
        }
    }

    /** The call records this node made, by direction and disposition; null when it records no calls. */
    public CallCounts callCounts() {
        return callCounts;
    }

    /** What the proxy tells about calls: the CDR assembler, or {@link CallObserver#NONE}. */
    public CallObserver callObserver() {
        return calls;
    }

    /**
     * Reads the kill switch and ends the calls still using a service that is now off. A
     * database hiccup keeps the last known switches; the next second tries again.
     */
    private void refreshKillSwitch() {
        try {
            synchronized (killSwitch) {
                endCallsUsingDisabledServices();
            }
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(PalisadeNode.class).warn("cannot read the kill switch, keeping the last state: {}", e.toString());
        }
    }

    /**
     * Runs {@code change}, which commits new kill-switch states, and applies them on this node at
     * once rather than within the second: for the web UI, which tells how many calls it ended. The
     * once-a-second pass waits meanwhile, so it cannot end (and so hide) any of them in between.
     *
     * @return how many of this node's calls were ended
     */
    public int applyKillSwitch(Runnable change) {
        synchronized (killSwitch) {
            change.run();
            return endCallsUsingDisabledServices();
        }
    }

    private int endCallsUsingDisabledServices() {
        disabledServices.refresh();
        ProxyRoute route = proxy;
        return route == null || disabledServices.get().isEmpty() ? 0 : route.endCallsUsing(disabledServices.get());
    }

    /** The digest realm extensions' passwords are hashed for (the registrar's). */
    public String realm() {
        return realm;
    }

    /** Calls through trunks go where {@code bridge} says; call before {@link #start}. */
    public PalisadeNode bridge(PbxBridge bridge) {
        this.bridge = bridge;
        return this;
    }

    /**
     * Registers to the registering trunks and checks every trunk's health with OPTIONS, with
     * {@code passwords} to answer the PBX's challenges; call before {@link #start}.
     */
    public PalisadeNode trunks(Function<Trunk, char[]> passwords, TrunkSettings settings) {
        this.trunkWiring = new TrunkWiring(passwords, settings);
        return this;
    }

    /** The answered calls up on this node; none before {@link #start}. */
    public LiveCalls liveCalls() {
        ProxyRoute route = proxy;
        return route == null ? LiveCalls.NONE : route.liveCalls();
    }

    /** Whether the SIP stack is up on its listening points (see {@link #sipSettings()}). */
    public boolean sipListening() {
        return sipListening;
    }

    public SipSettings sipSettings() {
        return sipSettings;
    }

    /**
     * Each trunk's health as its OPTIONS checks last found it, by name; empty on a node that
     * checks no trunks. Read from memory: cheap enough for a metrics scrape.
     */
    public java.util.Map<String, Boolean> trunkHealth() {
        TrunkServices t = trunks;
        java.util.Map<String, Boolean> up = new java.util.TreeMap<>();
        if (t != null) {
            t.health().status().forEach((name, status) -> up.put(name, status.up()));
        }
        return up;
    }

    /** Whether calls may use {@code trunk}: its peer answers OPTIONS (always true on a node without health checks). */
    public boolean trunkUp(String trunk) {
        TrunkServices t = trunks;
        return t == null || t.up(trunk);
    }

    /** The trunk registrations and OPTIONS checks; null on a node without them, and before {@link #start}. */
    public TrunkServices trunkServices() {
        return trunks;
    }

    /** Where calls through trunks go: what {@link #bridge(PbxBridge)} set, else {@link PbxBridge#NONE}. */
    public PbxBridge bridge() {
        return bridge;
    }

    /**
     * Seals the trunk passwords admins set through this node's web API ({@code secrets.key}); call
     * before the web server is made. Until then a password is refused, naming the setting.
     */
    public PalisadeNode trunkPasswordSealer(org.palisade.core.trunk.PasswordSealer sealer) {
        this.trunkPasswordSealer = sealer;
        return this;
    }

    public org.palisade.core.trunk.PasswordSealer trunkPasswordSealer() {
        return trunkPasswordSealer;
    }

    /** Reads numbers as admins type them ({@code pbx.default-country}); default: no default country, E.164 only. */
    public PalisadeNode numbers(org.palisade.pbx.dialplan.NumberNormalizer numbers) {
        this.numbers = numbers;
        return this;
    }

    public org.palisade.pbx.dialplan.NumberNormalizer numbers() {
        return numbers;
    }

    /** Runs the scheduled directory sync on this node, started and stopped with it; call before {@link #start}. */
    public PalisadeNode directorySync(org.palisade.directory.DirectoryScheduler scheduler) {
        this.directorySync = scheduler;
        return this;
    }

    /**
     * The last directory sync (by this node's schedule, another node or the CLI) as this node last
     * read it, for the dashboard and /metrics; empty when none ran, or this node runs no scheduled sync.
     * Read from memory: cheap enough for a metrics scrape.
     */
    public java.util.Optional<org.palisade.core.directory.DirectorySyncStatus> directoryStatus() {
        org.palisade.directory.DirectoryScheduler d = directorySync;
        return d == null ? java.util.Optional.empty() : d.lastStatus();
    }

    public void start() throws Exception {
        disabledServices.refresh();
        proxyTimers.scheduleWithFixedDelay(this::refreshKillSwitch, 1, 1, TimeUnit.SECONDS);
        housekeeping.start();
        try {
            if (mediaPlane != null) {
                mediaPlane.start(); // before SIP: the first call must find the relays up
            }
            sip.start();
            sipListening = true;
            if (trunks != null) {
                trunks.start(); // after SIP: registrations and OPTIONS go out through the stack
            }
            if (directorySync != null) {
                directorySync.start();
            }
        } catch (Exception e) {
            // e.g. the port is taken: leave nothing running behind the error
            close();
            throw e;
        }
    }

    public LocationRegistrar registrar() {
        return registrar;
    }

    public Database database() {
        return database;
    }

    /** Stops taking requests first, then the timers; the database belongs to whoever opened it. */
    @Override
    public void close() {
        if (directorySync != null) {
            directorySync.close(); // first: a sync half-way is cut at a batch, and the next run finishes it
        }
        sipListening = false;
        if (trunks != null) {
            trunks.stop(); // unregisters from the PBX, through the stack: before it closes
        }
        sip.close();
        proxyTimers.shutdownNow();
        if (mediaReleases != null) {
            // let calls that just ended collect their counters before the open ones are closed below
            mediaReleases.shutdown();
            try {
                mediaReleases.awaitTermination(3, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (cdrWriter != null) {
            // calls still up when the node stops get their record now, not as INTERRUPTED on the next start
            cdrAssembler.closeOpenCalls(System.currentTimeMillis(), "SHUTDOWN");
            cdrWriter.close();
        }
        housekeeping.close();
        if (mediaPlane != null) {
            mediaPlane.close();
        }
    }

    /** The relay pool and embedded relay, or null when this node anchors no media. */
    public MediaPlane media() {
        return mediaPlane;
    }
}
