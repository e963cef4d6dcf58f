package org.palisade.web.dialplan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.NoSuchElementException;
import java.util.Set;
import org.palisade.core.account.Role;
import org.palisade.core.admin.TrunkAdministration;
import org.palisade.core.trunk.NewTrunk;
import org.palisade.core.trunk.PasswordSealer;
import org.palisade.core.trunk.Transport;
import org.palisade.core.trunk.Trunk;
import org.palisade.core.trunk.TrunkChange;
import org.palisade.web.api.ApiRequest;
import org.palisade.web.api.ApiResponse;
import org.palisade.web.api.Routes;

/**
 * {@code /api/trunks}: the SIP trunks, as {@code palisade trunk} manages them, and their live state.
 * Changes go through {@link TrunkAdministration}, so each is the CLI's CONFIG_CHANGED entry with
 * {@code web:NAME} as actor. A trunk's password is sealed before it is stored and never shown:
 * answers say {@code "password": "set"} or null.
 *
 * <pre>
 * GET    /api/trunks               200 [Trunk]
 * POST   /api/trunks               {"name","peer","transport"?,"register"?,"username"?,"password"?,"maxCalls"?,"priority"?}  201 Trunk
 * GET    /api/trunks/status        200 [{"name","enabled","up","registered","inUse","maxCalls"}]
 * GET    /api/trunks/{name}        200 Trunk, 404
 * PUT    /api/trunks/{name}        any field of POST but the name, and "enabled"   200 Trunk
 * DELETE /api/trunks/{name}        204; 409 while a route names it
 * </pre>
 *
 * In a PUT, an absent field stays as it is; an explicit null clears {@code username}, sets
 * {@code maxCalls} to 0 (no limit) and {@code priority} to the default, as a form's emptied input
 * means; null for the others changes nothing.
 */
public final class TrunkApi {

    public static final String PATH = "/api/trunks";
    private static final Set<Role> READERS = Set.of(Role.ADMIN, Role.AUDITOR);
    private static final Set<Role> ADMIN = Set.of(Role.ADMIN);

    /** POST body. */
    record NewTrunkBody(String name, String peer, String transport, Boolean register, String username, String password,
                        Integer maxCalls, Integer priority) {
        @Override
        public String toString() {
            return "NewTrunkBody[name=" + name + "]";
        }
    }

    /** PUT body. */
    record TrunkUpdate(String peer, String transport, Boolean register, String username, String password, Integer maxCalls,
                       Integer priority, Boolean enabled) {
        @Override
        public String toString() {
            return "TrunkUpdate[peer=" + peer + "]";
        }
    }

    /** What the API shows of a trunk: the CLI's {@code trunk list --json} row. */
    record TrunkView(String name, String peer, String transport, boolean register, String username, String password,
                     int maxCalls, int priority, boolean enabled) {
        static TrunkView of(Trunk t) {
            return new TrunkView(t.name(), t.peer().toString(), t.transport().label(), t.register(), t.username(),
                    t.hasCredentials() ? "set" : null, t.maxCalls(), t.priority(), t.enabled());
        }
    }

    private final TrunkAdministration trunks;
    private final TrunkStatusSource status;

    /**
     * @param trunks made with a sealer wrapped by {@link #namingPasswordField}, so that a missing key is
     *               a 400 on the password field
     */
    public TrunkApi(TrunkAdministration trunks, TrunkStatusSource status) {
        this.trunks = trunks;
        this.status = status;
    }

    /**
     * {@code sealer}, whose refusals (no {@code secrets.key}, a bad one) name the request field they
     * are about, {@code password}, and keep the setting's name in the message.
     */
    public static PasswordSealer namingPasswordField(PasswordSealer sealer) {
        return (purpose, password) -> {
            try {
                return sealer.seal(purpose, password);
            } catch (IllegalArgumentException e) {
                String m = String.valueOf(e.getMessage());
                if (m.startsWith("password:")) {
                    throw e;
                }
                throw new IllegalArgumentException("password: cannot be stored encrypted: " + m, e);
            }
        };
    }

    public void register(Routes routes) {
        routes.get(PATH, READERS, req -> ApiResponse.ok(trunks.trunks().stream().map(TrunkView::of).toList()))
                .post(PATH, ADMIN, this::add)
                .get(PATH + "/status", READERS, req -> ApiResponse.ok(status.status()))
                .get(PATH + "/{name}", READERS, req -> ApiResponse.ok(TrunkView.of(find(req.pathParam("name")))))
                .put(PATH + "/{name}", ADMIN, this::update)
                .delete(PATH + "/{name}", ADMIN, req -> {
                    trunks.removeTrunk(req.actor(), req.pathParam("name"));
                    return ApiResponse.noContent();
                });
    }

    private ApiResponse add(ApiRequest req) {
        NewTrunkBody b = req.body(NewTrunkBody.class);
        char[] password = b.password() == null ? null : b.password().toCharArray();
        try {
            Trunk created = trunks.addTrunk(req.actor(), new NewTrunk(b.name(), b.peer(), transport(b.transport()),
                    Boolean.TRUE.equals(b.register()), b.username(), password, b.maxCalls(), b.priority()));
            return ApiResponse.created(TrunkView.of(created)).withHeader("Location", PATH + "/" + created.name());
        } finally {
            wipe(password);
        }
    }

    private ApiResponse update(ApiRequest req) {
        TrunkUpdate b = req.body(TrunkUpdate.class);
        JsonNode sent = req.json();
        char[] password = b.password() == null ? null : b.password().toCharArray();
        try {
            TrunkChange change = new TrunkChange(b.peer(), transport(b.transport()), b.register(),
                    cleared(sent, "username") ? "" : b.username(), password,
                    cleared(sent, "maxCalls") ? Integer.valueOf(0) : b.maxCalls(),
                    cleared(sent, "priority") ? Integer.valueOf(Trunk.DEFAULT_PRIORITY) : b.priority(),
                    b.enabled());
            return ApiResponse.ok(TrunkView.of(trunks.updateTrunk(req.actor(), req.pathParam("name"), change)));
        } finally {
            wipe(password);
        }
    }

    /** A name that cannot be a trunk's is not found rather than malformed: it is a path, not a form. */
    private Trunk find(String name) {
        String key;
        try {
            key = Trunk.canonicalName(name);
        } catch (IllegalArgumentException e) {
            throw new NoSuchElementException("trunk " + name + " does not exist");
        }
        return trunks.trunks().stream().filter(t -> t.name().equals(key)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("trunk " + key + " does not exist"));
    }

    private static boolean cleared(JsonNode body, String field) {
        return body.has(field) && body.get(field).isNull();
    }

    private static Transport transport(String text) {
        return text == null ? null : Transport.parse(text);
    }

    private static void wipe(char[] password) {
        if (password != null) {
            Arrays.fill(password, '\0');
        }
    }
}
