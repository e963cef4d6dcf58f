package org.palisade.web.metrics;

import java.util.Set;
import org.palisade.core.account.Role;
import org.palisade.web.api.ApiHandler;
import org.palisade.web.api.ApiResponse;
import org.palisade.web.api.Routes;

/** {@code GET /metrics}: every meter in Prometheus text format 0.0.4, for a Prometheus server to scrape. */
public final class MetricsApi {

    public static final String PATH = "/metrics";
    /** Who may read metrics when they are not public: operators, not finance. */
    public static final Set<Role> READERS = Set.of(Role.ADMIN, Role.AUDITOR);

    private MetricsApi() {
    }

    public static void register(Routes routes, Metrics metrics, boolean open) {
        ApiHandler handler = req -> ApiResponse.stream(Metrics.CONTENT_TYPE, null, metrics::scrape);
        if (open) {
            // Prometheus scrapes without an account; counts and gauges only, no names or numbers.
            routes.open("GET", PATH, handler);
        } else {
            routes.get(PATH, READERS, handler);
        }
    }
}
