package org.palisade.web.accounts;

import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import org.palisade.core.account.AccountAdministration;
import org.palisade.core.account.AdminUser;
import org.palisade.core.account.AdminUserChange;
import org.palisade.core.account.Role;
import org.palisade.web.api.ApiRequest;
import org.palisade.web.api.ApiResponse;
import org.palisade.web.api.Routes;

/**
 * {@code /api/admin-users}: the web accounts, for admins only. Every change goes through
 * {@link AccountAdministration}, so it is the same CONFIG_CHANGED entry the CLI writes, with
 * {@code web:NAME} as actor. Password hashes are never shown.
 *
 * <pre>
 * GET    /api/admin-users              200 [{"name","role","enabled","created"}]
 * POST   /api/admin-users              {"name","role","password"}            201 the account
 * GET    /api/admin-users/{name}       200 the account, 404
 * PUT    /api/admin-users/{name}       {"role"?, "password"?, "enabled"?}    200 the account
 * DELETE /api/admin-users/{name}       204
 * </pre>
 */
public final class AdminUserApi {

    public static final String PATH = "/api/admin-users";
    private static final Set<Role> ADMIN = Set.of(Role.ADMIN);

    /** POST body. */
    record NewAdminUser(String name, String role, String password) {
    }

    /** PUT body; absent fields stay as they are. */
    record AdminUserUpdate(String role, String password, Boolean enabled) {
    }

    /** What the API shows of an account. */
    record AdminUserView(String name, String role, boolean enabled, Instant created) {
        static AdminUserView of(AdminUser u) {
            return new AdminUserView(u.name(), u.role().label(), u.enabled(), u.created());
        }
    }

    private final AccountAdministration accounts;

    public AdminUserApi(AccountAdministration accounts) {
        this.accounts = accounts;
    }

    public void register(Routes routes) {
        routes.get(PATH, ADMIN, req -> ApiResponse.ok(accounts.list().stream().map(AdminUserView::of).toList()))
                .post(PATH, ADMIN, this::add)
                .get(PATH + "/{name}", ADMIN, req -> ApiResponse.ok(AdminUserView.of(accounts.get(req.pathParam("name")))))
                .put(PATH + "/{name}", ADMIN, this::update)
                .delete(PATH + "/{name}", ADMIN, req -> {
                    accounts.remove(req.actor(), req.pathParam("name"));
                    return ApiResponse.noContent();
                });
    }

    private ApiResponse add(ApiRequest req) {
        NewAdminUser body = req.body(NewAdminUser.class);
        char[] password = password(body.password(), true);
        try {
            AdminUser created = accounts.add(req.actor(), body.name(), role(body.role(), true), password);
            return ApiResponse.created(AdminUserView.of(created)).withHeader("Location", PATH + "/" + created.name());
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private ApiResponse update(ApiRequest req) {
        AdminUserUpdate body = req.body(AdminUserUpdate.class);
        char[] password = password(body.password(), false);
        try {
            AdminUser after = accounts.update(req.actor(), req.pathParam("name"),
                    new AdminUserChange(role(body.role(), false), password, body.enabled()));
            return ApiResponse.ok(AdminUserView.of(after));
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    private static Role role(String label, boolean required) {
        if (label == null) {
            if (required) {
                throw new IllegalArgumentException("role: required: admin, auditor or finance");
            }
            return null;
        }
        return Role.parse(label);
    }

    private static char[] password(String password, boolean required) {
        if (password == null) {
            if (required) {
                throw new IllegalArgumentException("password: required");
            }
            return null;
        }
        return password.toCharArray();
    }
}
