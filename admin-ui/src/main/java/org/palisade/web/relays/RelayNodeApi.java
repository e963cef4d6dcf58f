package org.palisade.web.relays;

import java.util.Map;
import java.util.Set;
import org.palisade.core.account.Role;
import org.palisade.core.admin.RelayNodeAdministration;
import org.palisade.core.relay.RelayNode;
import org.palisade.web.api.ApiRequest;
import org.palisade.web.api.ApiResponse;
import org.palisade.web.api.Routes;

/**
 * {@code /api/relay-nodes}: the relay nodes calls' media is anchored on, as {@code palisade
 * relay-node} manages them, with their health as this node's pool sees it. Changes go through
 * {@link RelayNodeAdministration} (CONFIG_CHANGED, actor {@code web:NAME}); running nodes pick them
 * up within seconds.
 *
 * <pre>
 * GET    /api/relay-nodes          200 [{"name","ng","weight","healthy"}]  healthy: true, false, or null when not known yet
 * POST   /api/relay-nodes          {"name","ng":"HOST:PORT","weight"?}  201 {"name","ng","weight","healthy"}
 * DELETE /api/relay-nodes/{name}   204, 404
 * </pre>
 *
 * The name {@value RelayNodeAdministration#EMBEDDED} is each server's own relay: taking it is a
 * conflict, 409.
 */
public final class RelayNodeApi {

    public static final String PATH = "/api/relay-nodes";
    private static final Set<Role> READERS = Set.of(Role.ADMIN, Role.AUDITOR);
    private static final Set<Role> ADMIN = Set.of(Role.ADMIN);

    /** POST body; weight null: {@link RelayNode#DEFAULT_WEIGHT}. */
    record NewRelayNode(String name, String ng, Integer weight) {
    }

    /** What the API shows: the CLI's {@code relay-node list --json} row and the pool's verdict. */
    record RelayNodeView(String name, String ng, int weight, Boolean healthy) {
        static RelayNodeView of(RelayNode n, Map<String, Boolean> health) {
            return new RelayNodeView(n.name(), n.ngAddress(), n.weight(), health.get(n.name()));
        }
    }

    private final RelayNodeAdministration admin;
    private final RelayHealthSource health;

    public RelayNodeApi(RelayNodeAdministration admin, RelayHealthSource health) {
        this.admin = admin;
        this.health = health;
    }

    public void register(Routes routes) {
        routes.get(PATH, READERS, req -> {
                    Map<String, Boolean> now = health.health();
                    return ApiResponse.ok(admin.list().stream().map(n -> RelayNodeView.of(n, now)).toList());
                })
                .post(PATH, ADMIN, this::add)
                .delete(PATH + "/{name}", ADMIN, req -> {
                    admin.remove(req.actor(), req.pathParam("name"));
                    return ApiResponse.noContent();
                });
    }

    private ApiResponse add(ApiRequest req) {
        NewRelayNode b = req.body(NewRelayNode.class);
        RelayNode node = RelayNode.parse(b.name(), b.ng(), b.weight() == null ? RelayNode.DEFAULT_WEIGHT : b.weight());
        if (RelayNodeAdministration.EMBEDDED.equals(node.name())) {
            throw new IllegalStateException("relay node name '" + RelayNodeAdministration.EMBEDDED
                    + "' is reserved for the relay each server runs itself (relay.embedded): choose another name");
        }
        RelayNode created = admin.add(req.actor(), node);
        return ApiResponse.created(RelayNodeView.of(created, health.health()));
    }
}
