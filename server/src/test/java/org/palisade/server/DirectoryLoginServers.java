package org.palisade.server;

import java.time.Clock;
import java.time.Duration;
import org.palisade.core.account.Role;
import org.palisade.db.testing.TestDatabase;
import org.palisade.directory.DirectoryAdministration;
import org.palisade.directory.DirectorySync;
import org.palisade.directory.testing.TestSecrets;
import org.palisade.server.testing.TestServer;
import org.palisade.web.WebSettings;

/** What the directory login tests share, whichever directory server they run against. */
final class DirectoryLoginServers {

    static final String ROOT_PASSWORD = AdminWebTest.ROOT_PASSWORD;
    static final TestSecrets SECRETS = new TestSecrets();

    private DirectoryLoginServers() {
    }

    /**
     * A node with the local admin root, the directory configured and {@code adminGroupDn} mapped to
     * the role admin, synced once (so that people have their extensions), and its web server
     * started with directory logins re-checked after {@code recheck}.
     */
    static TestServer start(TestDatabase db, DirectoryAdministration.Configure directory, String adminGroupDn,
                            WebSettings settings, Duration recheck) throws Exception {
        TestServer server = new TestServer(db, TestServer.settings());
        server.addAdminUser("root", Role.ADMIN, ROOT_PASSWORD);
        DirectoryAdministration dir = new DirectoryAdministration(server.node().database(), SECRETS, Clock.systemUTC());
        dir.configure("cli:test", directory);
        dir.mapRole("cli:test", adminGroupDn, "admin");
        new DirectorySync(server.node().database(), server.node().realm(), SECRETS, Clock.systemUTC()).run("cli:test", false, false);
        server.startWeb(settings);
        server.web().directoryLogins(new DirectoryWebLogins(server.node().database(), SECRETS), recheck);
        return server;
    }
}
