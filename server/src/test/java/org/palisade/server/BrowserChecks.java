package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.openqa.selenium.Cookie;
import org.palisade.server.testing.Browser;

/**
 * What the *BrowserTest classes share on top of {@link Browser}: going to a page and waiting for
 * that page (not the one before it) to load, the console check, the requests the page made, and
 * fetching a link the way the browser would (with its session cookie).
 */
final class BrowserChecks {

    private BrowserChecks() {
    }

    /**
     * Goes to a hash route and waits until the new page's section is there and none of its data
     * regions is loading. The section shown before is marked first, so a page that routes to
     * itself (#/cdr, then #/cdr?tab=summary) is not mistaken for loaded.
     *
     * @return the page's name ({@code data-page}): the route's first segment, or "forbidden"
     */
    static String show(Browser b, String route) {
        // Setting the hash it already has routes nothing: then the page shown is the one asked for.
        b.script("if (location.hash !== '#/' + arguments[0]) {"
                + " const s = document.querySelector('#page > section.page'); if (s) s.dataset.stale = 'true'; }", route);
        b.go(route);
        b.waitFor("#page > section.page[data-page]:not([data-stale])");
        return b.settle();
    }

    /**
     * Opens the app at {@code url} without a session and waits for the login form. The app asks
     * GET /api/session first, and Chromium logs its 401 as a failed load: that one is expected.
     */
    static void openLogin(Browser b, String url) {
        b.open(url);
        b.waitFor("#login-username");
        onlyFailedRequests(b, "the login form", "401 /api/session");
    }

    /** Fails with the messages when the browser logged any console error since the last check. */
    static void noConsoleErrors(Browser b, String where) {
        List<String> errors = b.consoleErrors();
        assertThat(errors).as("browser console errors on " + where).isEmpty();
    }

    /**
     * Like {@link #noConsoleErrors}, but the network errors Chromium logs for these answers are
     * expected (a form's 400, the 401 of an ended session): {@code "400 /api/extensions"}. Each
     * must have been logged at least once; nothing else may have been.
     */
    static void onlyFailedRequests(Browser b, String where, String... expected) {
        List<String> errors = b.consoleErrors();
        for (String e : expected) {
            String[] statusPath = e.split(" ", 2);
            String logged = statusPath[1] + " - Failed to load resource: the server responded with a status of " + statusPath[0];
            assertThat(errors).as("console errors on " + where).anyMatch(m -> m.contains(logged));
            errors = errors.stream().filter(m -> !m.contains(logged)).toList();
        }
        assertThat(errors).as("other browser console errors on " + where).isEmpty();
    }

    /**
     * Waits until the flash message says {@code expected} (an older one may still be showing
     * for a few seconds) and returns its kind: ok or error.
     */
    static String flash(Browser b, String expected) {
        b.waitForText(expected);
        assertThat(b.text("flash")).isEqualTo(expected);
        return b.waitFor("#flash").getAttribute("data-kind");
    }

    /**
     * Sets a date input to today plus {@code days} in the browser's zone, as its date picker would
     * (typing into a date input depends on the browser's locale; its value does not).
     */
    static void setDate(Browser b, String id, int days) {
        b.script("const d = new Date(Date.now() + arguments[1] * 86400000); const p = (n) => String(n).padStart(2, '0');"
                + "document.getElementById(arguments[0]).value = d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate());",
                id, days);
    }

    /** Forgets the requests the page made so far (see {@link #apiRequests}). */
    static void forgetRequests(Browser b) {
        b.script("performance.clearResourceTimings();");
    }

    /** The paths of the /api/ requests the page made since {@link #forgetRequests}, e.g. {@code /api/extensions?q=}. */
    static List<String> apiRequests(Browser b) {
        @SuppressWarnings("unchecked")
        List<Object> names = (List<Object>) b.script(
                "return performance.getEntriesByType('resource').map(e => e.name).filter(n => new URL(n).pathname.startsWith('/api/'))"
                        + ".map(n => { const u = new URL(n); return u.pathname + u.search; });");
        return names.stream().map(String::valueOf).collect(Collectors.toList());
    }

    /** The Cookie header the browser sends to the app (the session cookie is HttpOnly: Selenium reads it all the same). */
    static String cookieHeader(Browser b) {
        return b.driver().manage().getCookies().stream().map(c -> c.getName() + "=" + c.getValue())
                .collect(Collectors.joining("; "));
    }

    static Cookie sessionCookie(Browser b) {
        return b.driver().manage().getCookies().stream().filter(Cookie::isHttpOnly).findFirst()
                .orElseThrow(() -> new AssertionError("the browser holds no HttpOnly session cookie"));
    }

    /** GETs {@code url} as the browser would: with its cookies, nothing else. */
    static HttpResponse<String> fetchAsBrowser(Browser b, String url) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Cookie", cookieHeader(b)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits for something outside the browser (a row in the store, a SIP event) to become true. */
    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
