package org.palisade.web.dialplan;

import java.util.Set;
import org.palisade.core.account.Role;
import org.palisade.core.admin.TrunkAdministration;
import org.palisade.core.trunk.Did;
import org.palisade.web.api.ApiRequest;
import org.palisade.web.api.ApiResponse;
import org.palisade.web.api.Routes;

/**
 * {@code /api/dids}: inbound numbers and the extension each rings, as {@code palisade did} manages
 * them. Numbers are stored in E.164; a national form is read with the node's default country, in
 * the body and in the path alike ({@code +} in a path is itself, not a space). Changes go through
 * {@link TrunkAdministration} (CONFIG_CHANGED, actor {@code web:NAME}).
 *
 * <pre>
 * GET    /api/dids                 200 [{"number","extension"}] by number
 * POST   /api/dids                 {"number","extension"}   201 {"number" in E.164,"extension"}
 * DELETE /api/dids/{number}        204, 404
 * </pre>
 */
public final class DidApi {

    public static final String PATH = "/api/dids";
    private static final Set<Role> READERS = Set.of(Role.ADMIN, Role.AUDITOR);
    private static final Set<Role> ADMIN = Set.of(Role.ADMIN);

    /** POST body. */
    record NewDid(String number, String extension) {
    }

    /** What the API shows of a DID: the CLI's {@code did list --json} row. */
    record DidView(String number, String extension) {
        static DidView of(Did d) {
            return new DidView(d.number(), d.extension());
        }
    }

    private final TrunkAdministration admin;

    public DidApi(TrunkAdministration admin) {
        this.admin = admin;
    }

    public void register(Routes routes) {
        routes.get(PATH, READERS, req -> ApiResponse.ok(admin.dids().stream().map(DidView::of).toList()))
                .post(PATH, ADMIN, this::add)
                .delete(PATH + "/{number}", ADMIN, req -> {
                    admin.removeDid(req.actor(), req.pathParam("number"));
                    return ApiResponse.noContent();
                });
    }

    private ApiResponse add(ApiRequest req) {
        NewDid b = req.body(NewDid.class);
        return ApiResponse.created(DidView.of(admin.addDid(req.actor(), b.number(), b.extension())));
    }
}
