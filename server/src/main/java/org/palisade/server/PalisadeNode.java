package org.palisade.server;

import java.time.Clock;
import org.palisade.core.audit.AuditLog;
import org.palisade.db.Database;
import org.palisade.registrar.Housekeeping;
import org.palisade.registrar.RegistrarSettings;
import org.palisade.registrar.auth.DigestAuthenticator;
import org.palisade.registrar.auth.NonceManager;
import org.palisade.registrar.location.LocationRegistrar;
import org.palisade.registrar.lockout.LockoutTracker;
import org.palisade.sip.RegisterRoute;
import org.palisade.sip.Replies;
import org.palisade.sip.RequestRoute;
import org.palisade.sip.SipServer;
import org.palisade.sip.SipSettings;

/** One running Palisade: the only place that knows every module, and the order they start and stop in. */
public final class PalisadeNode implements AutoCloseable {

    private final Database database;
    private final LocationRegistrar registrar;
    private final Housekeeping housekeeping;
    private final SipServer sip;

    public PalisadeNode(Database database, SipSettings sipSettings, RegistrarSettings settings, Clock clock) {
        this.database = database;
        AuditLog audit = new AuditLog(database, clock);
        NonceManager nonces = new NonceManager(clock, settings.nonceLifetime());
        LockoutTracker lockout = new LockoutTracker(clock, settings.lockoutMaxFailures(), settings.lockoutWindow(),
                settings.lockoutDuration());
        DigestAuthenticator authenticator = new DigestAuthenticator(database, audit, nonces, lockout, settings.realm(),
                settings.digestAlgorithms());
        this.registrar = new LocationRegistrar(database, settings, clock);
        this.housekeeping = new Housekeeping(registrar, lockout, nonces, audit, settings);
        this.sip = new SipServer(sipSettings, ctx -> {
            Replies replies = new Replies(ctx.messages(), ctx.headers(), ctx.addresses());
            return new RequestRoute(replies, new RegisterRoute(replies, authenticator, registrar));
        });
    }

    public void start() throws Exception {
        housekeeping.start();
        try {
            sip.start();
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
        sip.close();
        housekeeping.close();
    }
}
