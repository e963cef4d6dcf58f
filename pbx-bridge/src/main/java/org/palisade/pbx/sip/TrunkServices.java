package org.palisade.pbx.sip;

import java.time.Clock;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.palisade.core.audit.AuditLog;
import org.palisade.core.trunk.Trunk;
import org.palisade.sip.SipServer.SipContext;

/**
 * The SIP side of the trunks as one component: registrations at the peers that want them and
 * health checks of all. Start it after the SIP server and stop it before the server closes:
 * both send through the server's listening points, and the proxy's listener must still be there
 * to hand their responses back (it dispatches any client transaction whose application data is a
 * {@link org.palisade.sip.ClientCallback}).
 *
 * <pre>
 * TrunkServices trunks = new TrunkServices(sip, () -&gt; trunkAdmin.trunks(), TrunkPasswords.opener(secretBox),
 *         TrunkSettings.withHealthInterval(Duration.ofSeconds(30)), clock, auditLog);
 * trunks.start();
 * ...
 * if (trunks.up(name)) { ... }
 * ...
 * trunks.stop();   // before sipServer.close()
 * </pre>
 */
public final class TrunkServices implements AutoCloseable {

    private final TrunkRegistrations registrations;
    private final TrunkHealth health;
    private boolean running;
    private boolean stopped;

    /**
     * @param trunks    every trunk as stored (disabled ones included: they are left alone); called
     *                  from this component's own threads, so it may query the database
     * @param passwords opens a trunk's sealed password ({@link TrunkPasswords#opener}); it may throw
     *                  when no key is configured, which fails only the registrations that need it
     */
    public TrunkServices(SipContext sip, Supplier<List<Trunk>> trunks, Function<Trunk, char[]> passwords, TrunkSettings settings,
                         Clock clock, AuditLog audit) {
        this.registrations = new TrunkRegistrations(sip, trunks, passwords, settings, clock);
        this.health = new TrunkHealth(sip, trunks, audit, settings, clock);
    }

    /** Once: a stopped component is not started again (make a new one). */
    public synchronized void start() {
        if (stopped) {
            throw new IllegalStateException("trunk services were stopped; make a new TrunkServices");
        }
        if (running) {
            return;
        }
        running = true;
        registrations.start();
        health.start();
    }

    /** Unregisters from the peers (waiting a few seconds at most for their answers) and stops the checks. */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        stopped = true;
        health.stop();
        registrations.stop();
    }

    @Override
    public void close() {
        stop();
    }

    /** False only when the trunk's peer is proven down (see {@link TrunkHealth}). */
    public boolean up(String trunk) {
        return health.up(trunk);
    }

    /** Reads the trunk list now (after an admin change) instead of at the next reload. */
    public void reload() {
        registrations.reload();
    }

    public TrunkRegistrations registrations() {
        return registrations;
    }

    public TrunkHealth health() {
        return health;
    }
}
