package org.palisade.web.extensions;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.palisade.core.admin.Administration;
import org.palisade.core.admin.ExtensionChange;
import org.palisade.core.cdr.CdrQuery;
import org.palisade.core.directory.DirectoryLink;
import org.palisade.core.extension.Extension;
import org.palisade.core.storage.Storage;
import org.palisade.web.api.ApiException;
import org.palisade.web.api.ApiRequest;
import org.palisade.web.api.ApiResponse;
import org.palisade.web.api.Routes;
import org.palisade.web.records.CdrView;

/**
 * Self-service, {@code /api/me*}: the logged-in user's own extension, registrations, recent calls
 * and a new device (SIP digest) password. The extension is the one the directory sync linked to
 * the user's login; every role may call these, but a user with no linked extension (local
 * accounts, people without a number) gets 404.
 *
 * <p>SIP digest needs a password Palisade can hash per extension, which a directory password
 * never is (it is only ever checked by binding), so directory users get a generated device
 * password here. Only its digest hashes are stored; the value is answered once.
 */
public final class MeApi {

    public static final String PATH = "/api/me";
    /** No 0/O, 1/l/I: easy to type into a phone's keypad menu. */
    static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    static final int PASSWORD_LENGTH = 20;
    static final int CALLS = 50;
    static final Duration CALL_WINDOW = Duration.ofDays(30);

    record Me(String username, String displayName, String extension, String department, String profile, boolean enabled) {
    }

    private final Storage storage;
    private final Administration admin;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public MeApi(Storage storage, Administration admin, Clock clock) {
        this.storage = storage;
        this.admin = admin;
        this.clock = clock;
    }

    public void register(Routes routes) {
        routes.get(PATH, Routes.ANY_ROLE, this::me);
        routes.get(PATH + "/registrations", Routes.ANY_ROLE, this::registrations);
        routes.get(PATH + "/calls", Routes.ANY_ROLE, this::calls);
        routes.post(PATH + "/sip-password", Routes.ANY_ROLE, this::sipPassword);
    }

    private ApiResponse me(ApiRequest req) {
        Extension e = extension(req);
        return ApiResponse.ok(new Me(req.principal().username(), e.name(), e.number(), e.department(), e.profile(), e.enabled()));
    }

    private ApiResponse registrations(ApiRequest req) {
        String number = extension(req).number();
        long now = clock.millis();
        return ApiResponse.ok(storage.inTransaction(tx -> LiveState.liveBindings(tx.bindings().forAor(number), now)).stream()
                .map(BindingView::of).toList());
    }

    private ApiResponse calls(ApiRequest req) {
        String number = extension(req).number();
        Instant now = clock.instant();
        CdrQuery q = CdrQuery.builder().from(now.minus(CALL_WINDOW)).to(now.plusSeconds(1)).extension(number).limit(CALLS).build();
        List<CdrView> calls = storage.inTransaction(tx -> tx.cdrs().page(q)).records().stream().map(CdrView::of).toList();
        return ApiResponse.ok(Map.of("items", calls));
    }

    private ApiResponse sipPassword(ApiRequest req) {
        String number = extension(req).number();
        char[] password = new char[PASSWORD_LENGTH];
        for (int i = 0; i < password.length; i++) {
            password[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        try {
            admin.updateExtension(req.actor(), number, new ExtensionChange(null, null, null, password, null));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("extension", number);
            body.put("password", new String(password));
            return ApiResponse.ok(body).withHeader("Cache-Control", "no-store");
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** The extension linked to the user's login; 404 when there is none. */
    private Extension extension(ApiRequest req) {
        String user = req.principal().username();
        Optional<Extension> e = storage.inTransaction(tx -> tx.directory().links().stream()
                .filter(l -> l.directoryKey() != null && l.login() != null && l.login().equalsIgnoreCase(user))
                .map(DirectoryLink::extension).findFirst().flatMap(n -> tx.extensions().find(n)));
        return e.orElseThrow(() -> new ApiException(404, "no extension is linked to your account; ask an administrator"));
    }
}
