package org.palisade.web.profiles;

import java.util.EnumSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import org.palisade.core.account.Role;
import org.palisade.core.admin.Administration;
import org.palisade.core.rights.RightsProfile;
import org.palisade.core.rights.ServiceRight;
import org.palisade.web.api.ApiRequest;
import org.palisade.web.api.ApiResponse;
import org.palisade.web.api.Routes;

/**
 * {@code /api/profiles}: the rights profiles, each a name and the services its extensions may use
 * ({@code voice, video, chat, file-transfer, external-out, external-in}). Changes go through
 * {@link Administration} (CONFIG_CHANGED, actor {@code web:NAME}) and apply to the next call.
 *
 * <pre>
 * GET  /api/profiles          200 [{"name","rights":["voice",...]}] by name
 * POST /api/profiles          {"name","rights"}   201 Profile; 409 when the name is taken
 * GET  /api/profiles/{name}   200 Profile, 404
 * PUT  /api/profiles/{name}   {"rights"}          200 Profile (the rights replace the old ones), 404
 * </pre>
 *
 * Rights come back in that fixed order, each once. An empty list is a profile that may do nothing.
 */
public final class ProfileApi {

    public static final String PATH = "/api/profiles";
    private static final Set<Role> READERS = Set.of(Role.ADMIN, Role.AUDITOR);
    private static final Set<Role> ADMIN = Set.of(Role.ADMIN);

    record NewProfile(String name, List<String> rights) {
    }

    record ProfileUpdate(List<String> rights) {
    }

    record ProfileView(String name, List<String> rights) {
        static ProfileView of(RightsProfile p) {
            return new ProfileView(p.name(), p.rights().stream().sorted().map(ServiceRight::label).toList());
        }
    }

    private final Administration admin;

    public ProfileApi(Administration admin) {
        this.admin = admin;
    }

    public void register(Routes routes) {
        routes.get(PATH, READERS, req -> ApiResponse.ok(admin.profiles().stream().map(ProfileView::of).toList()))
                .post(PATH, ADMIN, this::add)
                .get(PATH + "/{name}", READERS, req -> ApiResponse.ok(ProfileView.of(find(req.pathParam("name")))))
                .put(PATH + "/{name}", ADMIN, req -> {
                    Set<ServiceRight> rights = rights(req.body(ProfileUpdate.class).rights());
                    return ApiResponse.ok(ProfileView.of(admin.setProfile(req.actor(), req.pathParam("name"), rights)));
                });
    }

    private ApiResponse add(ApiRequest req) {
        NewProfile body = req.body(NewProfile.class);
        Set<ServiceRight> rights = rights(body.rights());
        RightsProfile created = admin.addProfile(req.actor(), body.name(), rights);
        return ApiResponse.created(ProfileView.of(created)).withHeader("Location", PATH + "/" + created.name());
    }

    private RightsProfile find(String name) {
        return admin.profiles().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("profile " + name + " does not exist"));
    }

    private static Set<ServiceRight> rights(List<String> labels) {
        if (labels == null) {
            throw new IllegalArgumentException("rights: required: a list such as [\"voice\", \"chat\"], [] for none");
        }
        Set<ServiceRight> rights = EnumSet.noneOf(ServiceRight.class);
        for (String label : labels) {
            if (label == null) {
                throw new IllegalArgumentException("rights: null is not a right");
            }
            try {
                rights.add(ServiceRight.parse(label));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("rights: " + e.getMessage());
            }
        }
        return rights;
    }
}
