package org.palisade.web.extensions;

import java.time.Clock;
import java.util.Set;
import org.palisade.core.account.Role;
import org.palisade.core.extension.Extension;
import org.palisade.core.storage.Storage;
import org.palisade.web.api.ApiRequest;
import org.palisade.web.api.ApiResponse;
import org.palisade.web.api.Routes;

/**
 * {@code GET /api/registrations[?extension=N]}: the devices registered now, on every node sharing
 * the database, by extension: {@code [{"extension","contact","source","transport","userAgent",
 * "expires","registered"}]}. A binding past its expiry is not shown, even before the registrar's
 * sweep removes it.
 */
public final class RegistrationApi {

    public static final String PATH = "/api/registrations";
    private static final Set<Role> READERS = Set.of(Role.ADMIN, Role.AUDITOR);

    private final Storage storage;
    private final Clock clock;

    public RegistrationApi(Storage storage, Clock clock) {
        this.storage = storage;
        this.clock = clock;
    }

    public void register(Routes routes) {
        routes.get(PATH, READERS, this::list);
    }

    private ApiResponse list(ApiRequest req) {
        String extension = Params.of(req, Set.of("extension")).text("extension");
        if (extension != null) {
            try {
                Extension.requireValidNumber(extension);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("extension: " + e.getMessage().replaceFirst("^number: ", ""));
            }
        }
        long now = clock.millis();
        return ApiResponse.ok(storage.inTransaction(tx -> LiveState.liveBindings(
                extension == null ? tx.bindings().all() : tx.bindings().forAor(extension), now)).stream().map(BindingView::of).toList());
    }
}
