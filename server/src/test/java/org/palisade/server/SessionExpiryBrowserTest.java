package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.palisade.server.BrowserChecks.noConsoleErrors;
import static org.palisade.server.BrowserChecks.onlyFailedRequests;
import static org.palisade.server.BrowserChecks.show;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.palisade.core.account.Role;
import org.palisade.core.audit.AuditType;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.server.testing.Browser;
import org.palisade.server.testing.TestServer;

/**
 * A session that ends while the page is open, in real headless Chromium: with a short idle
 * timeout configured, an admin who leaves the page alone and then clicks on is sent back to the
 * login form with a notice, and signing in again lands on the page that was asked for.
 */
class SessionExpiryBrowserTest {

    private static final String ROOT_PASSWORD = "Root-Password-For-Expiry-1";
    /** Long enough for logging in and opening a page on a busy machine, short enough to wait out. */
    private static final Duration IDLE = Duration.ofSeconds(5);

    @Test
    void anIdleSessionEndsAndTheNextClickShowsTheLoginWithANotice() throws Exception {
        try (TestDatabase db = TestDatabase.create(TestDb.H2); TestServer server = new TestServer(db, TestServer.settings());
             Browser b = new Browser()) {
            server.addAdminUser("root", Role.ADMIN, ROOT_PASSWORD);
            URI base = server.startWeb(TestServer.webSettings().withSessions(IDLE, Duration.ofHours(1)));
            BrowserChecks.openLogin(b, base.toString());
            b.login("root", ROOT_PASSWORD);
            // A page that does not poll: nothing keeps the session alive.
            assertThat(show(b, "profiles")).isEqualTo("profiles");
            assertThat(b.settled("profiles-region")).isEqualTo("ready");
            noConsoleErrors(b, "the profiles page");

            // Wait past the idle timeout: the server's sweep ends the session and audits it.
            BrowserChecks.await("the session to expire", IDLE.multipliedBy(6),
                    () -> !server.audit(AuditType.ADMIN_SESSION_EXPIRED).isEmpty());
            assertThat(server.audit(AuditType.ADMIN_SESSION_EXPIRED)).singleElement().satisfies(e -> {
                assertThat(e.subject()).isEqualTo("root");
                assertThat(e.actor()).isEqualTo("system");
            });
            assertThat(b.isShown("#app-view")).as("nothing has told the page yet").isTrue();

            // The next click: the page's request is refused, and the app returns to the login form.
            b.click("nav-extensions");
            b.waitFor("#login-view");
            assertThat(b.text("login-notice")).isEqualTo("Your session has ended. Please sign in again.");
            assertThat(b.isShown("#app-view")).isFalse();
            assertThat(b.waitFor("#login-password").getDomProperty("value")).isEmpty();
            b.screenshot("admin-session-expired");
            onlyFailedRequests(b, "the page after the session ended", "401 /api/extensions",
                    "401 /api/profiles"); // the extensions page asks for both at once

            // Signing in again opens the page that was clicked.
            b.login("root", ROOT_PASSWORD);
            assertThat(b.settle()).isEqualTo("extensions");
            assertThat(b.url()).endsWith("#/extensions");
            assertThat(b.isShown("#login-notice")).isFalse();
            noConsoleErrors(b, "the extensions page after signing in again");
        }
    }
}
