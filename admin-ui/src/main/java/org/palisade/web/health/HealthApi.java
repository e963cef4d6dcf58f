package org.palisade.web.health;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.palisade.core.account.Role;
import org.palisade.web.api.ApiHandler;
import org.palisade.web.api.ApiResponse;
import org.palisade.web.api.Routes;

/**
 * {@code GET /health}: 200 when every check passes, 503 otherwise, with each check's state, as
 * docs/API.md promises:
 * <pre>
 * {"status": "failing", "checks": {"database": "ok", "relay-nodes": "failing: no relay node is up"}}
 * </pre>
 */
public final class HealthApi {

    public static final String PATH = "/health";
    /** Who may read health and metrics when they are not public: operators, not finance. */
    public static final Set<Role> READERS = Set.of(Role.ADMIN, Role.AUDITOR);

    private HealthApi() {
    }

    public static void register(Routes routes, HealthChecks checks, boolean open) {
        ApiHandler handler = req -> {
            HealthChecks.Report report = checks.run();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", report.ok() ? "ok" : "failing");
            Map<String, String> states = new LinkedHashMap<>();
            report.checks().forEach((name, status) -> states.put(name, status.ok() ? "ok" : "failing: " + status.detail()));
            body.put("checks", states);
            return ApiResponse.json(report.ok() ? 200 : 503, body);
        };
        if (open) {
            // Load balancers and monitoring poll this without an account; it tells up or down, nothing secret.
            routes.open("GET", PATH, handler);
        } else {
            routes.get(PATH, READERS, handler);
        }
    }
}
