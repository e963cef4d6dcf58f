package org.palisade.web.extensions;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.palisade.core.account.Role;
import org.palisade.core.admin.Administration;
import org.palisade.core.admin.ExtensionChange;
import org.palisade.core.admin.TrunkAdministration;
import org.palisade.core.extension.Extension;
import org.palisade.core.storage.Storage;
import org.palisade.core.trunk.E164Normalizer;
import org.palisade.core.trunk.PasswordSealer;
import org.palisade.web.api.ApiException;
import org.palisade.web.api.ApiRequest;
import org.palisade.web.api.ApiResponse;
import org.palisade.web.api.Routes;

/**
 * {@code /api/extensions}: staff numbers, with their live registrations. Changes go through core's
 * {@link Administration} (and {@link TrunkAdministration} for the DID), so each writes the
 * CONFIG_CHANGED entry the CLI writes, with {@code web:NAME} as actor. Digest hashes are never shown.
 *
 * <pre>
 * GET    /api/extensions?q=&amp;profile=&amp;department=&amp;enabled=   200 [Extension] by number
 * POST   /api/extensions           {"number","name","department"?,"profile"?,"password"}   201 Extension
 * GET    /api/extensions/{number}  200 Extension with "bindings": [Binding], 404
 * PUT    /api/extensions/{number}  any of {"name","department","profile","password","enabled","did"}   200 Extension
 * DELETE /api/extensions/{number}  204 (its registrations are dropped), 404
 * </pre>
 *
 * <p>Filters: {@code q} is a case-insensitive "contains" on number, name and department;
 * {@code profile} and {@code department} match exactly (department ignoring case); {@code enabled}
 * is {@code true} or {@code false}.
 *
 * <p>PUT changes only the fields present. {@code "department": null} (or {@code ""}) clears it;
 * {@code "did": "+4930..."} makes that number the extension's DID in place of the one it had, and
 * {@code "did": null} (or {@code ""}) takes its DID away; the other fields cannot be null. A DID
 * that rings another extension, or an extension with several DIDs, is a 409 (see
 * {@link TrunkAdministration#assignDid}). All of one PUT is one transaction: it changes everything
 * asked or nothing.
 */
public final class ExtensionApi {

    public static final String PATH = "/api/extensions";
    private static final Set<Role> READERS = Set.of(Role.ADMIN, Role.AUDITOR);
    private static final Set<Role> ADMIN = Set.of(Role.ADMIN);
    private static final Set<String> FILTERS = Set.of("q", "profile", "department", "enabled");
    private static final List<String> UPDATABLE = List.of("name", "department", "profile", "password", "enabled", "did");
    /** DIDs never carry a password: the sealer is never asked. */
    private static final PasswordSealer NO_SEALING = (purpose, password) -> {
        throw new IllegalStateException("a DID has no password to seal");
    };

    /** POST body. */
    record NewExtension(String number, String name, String department, String profile, String password) {
    }

    private final Storage storage;
    private final String realm;
    private final E164Normalizer numbers;
    private final Clock clock;
    private final Administration admin;

    /**
     * @param realm   the SIP digest realm the password hashes are bound to (the registrar's)
     * @param numbers brings a DID as typed into E.164 (the node's number plan)
     */
    public ExtensionApi(Storage storage, String realm, E164Normalizer numbers, Clock clock) {
        this.storage = storage;
        this.realm = realm;
        this.numbers = numbers;
        this.clock = clock;
        this.admin = new Administration(storage, realm, clock);
    }

    public void register(Routes routes) {
        routes.get(PATH, READERS, this::list)
                .post(PATH, ADMIN, this::add)
                .get(PATH + "/{number}", READERS, req -> ApiResponse.ok(detail(req.pathParam("number"))))
                .put(PATH + "/{number}", ADMIN, this::update)
                .delete(PATH + "/{number}", ADMIN, req -> {
                    admin.removeExtension(req.actor(), req.pathParam("number"));
                    return ApiResponse.noContent();
                });
    }

    private ApiResponse list(ApiRequest req) {
        Params p = Params.of(req, FILTERS);
        String q = lower(p.text("q"));
        String profile = p.text("profile");
        String department = p.text("department");
        Boolean enabled = p.bool("enabled");
        long now = clock.millis();
        return ApiResponse.ok(storage.inTransaction(tx -> {
            Map<String, Integer> registered = LiveState.countByExtension(tx.bindings().all(), now);
            Map<String, String> dids = LiveState.didByExtension(tx.dids().list());
            return tx.extensions().list().stream()
                    .filter(e -> q == null || e.number().contains(q) || lower(e.name()).contains(q)
                            || (e.department() != null && lower(e.department()).contains(q)))
                    .filter(e -> profile == null || profile.equals(e.profile()))
                    .filter(e -> department == null || department.equalsIgnoreCase(e.department()))
                    .filter(e -> enabled == null || enabled == e.enabled())
                    .map(e -> ExtensionView.of(e, dids.get(e.number()), registered.getOrDefault(e.number(), 0)))
                    .toList();
        }));
    }

    private ExtensionView detail(String number) {
        long now = clock.millis();
        return storage.inTransaction(tx -> {
            Extension e = tx.extensions().find(number).orElseThrow(() -> notFound(number));
            List<BindingView> bindings = LiveState.liveBindings(tx.bindings().forAor(number), now).stream().map(BindingView::of).toList();
            return ExtensionView.of(e, LiveState.didOf(tx, number), bindings);
        });
    }

    private ApiResponse add(ApiRequest req) {
        NewExtension body = req.body(NewExtension.class);
        if (body.password() == null) {
            throw new IllegalArgumentException("password: required");
        }
        char[] password = body.password().toCharArray();
        try {
            Extension created = admin.addExtension(req.actor(), body.number(), body.name(), body.department(),
                    blankToNull(body.profile()), password);
            return ApiResponse.created(ExtensionView.of(created, storage.inTransaction(tx -> LiveState.didOf(tx, created.number())), 0))
                    .withHeader("Location", PATH + "/" + created.number());
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private ApiResponse update(ApiRequest req) {
        String number = req.pathParam("number");
        Update u = Update.of(req.json());
        long now = clock.millis();
        try {
            return ApiResponse.ok(storage.inTransaction(tx -> {
                // one transaction for the extension and its DID: both administrations work inside it
                Storage here = Storage.within(tx);
                Extension after;
                if (u.change() != null) {
                    after = new Administration(here, realm, clock).updateExtension(req.actor(), number, u.change());
                } else {
                    after = tx.extensions().find(number).orElseThrow(() -> notFound(number));
                }
                if (u.didGiven()) {
                    new TrunkAdministration(here, NO_SEALING, numbers, clock).assignDid(req.actor(), number, u.did());
                }
                int registered = LiveState.liveBindings(tx.bindings().forAor(number), now).size();
                return ExtensionView.of(after, LiveState.didOf(tx, number), registered);
            }));
        } finally {
            u.wipe();
        }
    }

    /** A PUT body: which fields were given, and with what. */
    private record Update(ExtensionChange change, boolean didGiven, String did) {

        static Update of(JsonNode body) {
            if (body == null || !body.isObject()) {
                throw new ApiException(400, null, "a JSON object is required");
            }
            for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!UPDATABLE.contains(name)) {
                    throw new ApiException(400, name, "unknown field '" + name + "'; known: " + String.join(", ", UPDATABLE));
                }
            }
            if (body.isEmpty()) {
                throw new ApiException(400, null, "nothing to change: give any of " + String.join(", ", UPDATABLE));
            }
            String name = text(body, "name", false);
            String department = text(body, "department", true);
            String profile = text(body, "profile", false);
            String password = text(body, "password", false);
            Boolean enabled = null;
            if (body.has("enabled")) {
                JsonNode v = body.get("enabled");
                if (!v.isBoolean()) {
                    throw new ApiException(400, "enabled", "expected true or false");
                }
                enabled = v.booleanValue();
            }
            boolean didGiven = body.has("did");
            String did = text(body, "did", true);
            ExtensionChange change = name == null && department == null && profile == null && password == null && enabled == null
                    ? null
                    : new ExtensionChange(name, department, profile, password == null ? null : password.toCharArray(), enabled);
            return new Update(change, didGiven, did);
        }

        /** Absent: null. JSON null: {@code ""} where it clears the field, else a 400. */
        private static String text(JsonNode body, String field, boolean clearable) {
            if (!body.has(field)) {
                return null;
            }
            JsonNode v = body.get(field);
            if (v.isNull()) {
                if (!clearable) {
                    throw new ApiException(400, field, "cannot be null: leave it out to keep it");
                }
                return "";
            }
            if (!v.isTextual()) {
                throw new ApiException(400, field, "expected text");
            }
            return v.textValue();
        }

        void wipe() {
            if (change != null && change.password() != null) {
                Arrays.fill(change.password(), '\0');
            }
        }
    }

    private static NoSuchElementException notFound(String number) {
        return new NoSuchElementException("extension " + number + " does not exist");
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
