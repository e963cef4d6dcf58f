package org.palisade.web.live;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.stream.Collectors;
import org.palisade.core.account.Role;
import org.palisade.core.admin.Administration;
import org.palisade.core.rights.ServiceRight;
import org.palisade.web.api.ApiRequest;
import org.palisade.web.api.ApiResponse;
import org.palisade.web.api.Routes;

/**
 * {@code /api/services}: the kill switch, for admins only. A service switched off is off for
 * everybody, whatever the profiles say; answered calls using it are ended (by SYSTEM, reason
 * {@code ADMIN KILL SWITCH}) on this node at once and on other nodes within about a second.
 *
 * <pre>
 * GET /api/services             200 [{"service","enabled"}] voice, video, chat, file-transfer, external-out, external-in
 * PUT /api/services/{service}   {"enabled": false}   200 {"service","enabled","callsEnded"}; 404 for an unknown service
 * </pre>
 *
 * {@code external} in the path stands for both external-out and external-in, as in the CLI.
 * {@code callsEnded} counts this node's calls only. Each service whose state changes gets a
 * CONFIG_CHANGED entry; switching to the state it already has changes nothing and writes nothing.
 */
public final class ServiceApi {

    public static final String PATH = "/api/services";
    private static final Set<Role> ADMIN = Set.of(Role.ADMIN);
    private static final String EXTERNAL = "external";

    record ServiceChange(Boolean enabled) {
    }

    record ServiceView(String service, boolean enabled) {
    }

    record Switched(String service, boolean enabled, int callsEnded) {
    }

    private final Administration admin;
    private final KillSwitch killSwitch;

    public ServiceApi(Administration admin, KillSwitch killSwitch) {
        this.admin = admin;
        this.killSwitch = killSwitch;
    }

    public void register(Routes routes) {
        routes.get(PATH, ADMIN, req -> {
                    Set<ServiceRight> off = admin.disabledServices();
                    return ApiResponse.ok(Arrays.stream(ServiceRight.values()).map(s -> new ServiceView(s.label(), !off.contains(s))).toList());
                })
                .put(PATH + "/{service}", ADMIN, this::change);
    }

    private ApiResponse change(ApiRequest req) {
        String name = req.pathParam("service");
        Set<ServiceRight> services = services(name);
        Boolean enabled = req.body(ServiceChange.class).enabled();
        if (enabled == null) {
            throw new IllegalArgumentException("enabled: required: false switches the service off for everybody, true on again");
        }
        int ended = killSwitch.apply(() -> admin.switchServices(req.actor(), services, enabled));
        return ApiResponse.ok(new Switched(name.equals(EXTERNAL) ? EXTERNAL : ServiceRight.labels(services), enabled, ended));
    }

    private static Set<ServiceRight> services(String name) {
        if (name.equals(EXTERNAL)) {
            return EnumSet.of(ServiceRight.EXTERNAL_OUT, ServiceRight.EXTERNAL_IN);
        }
        for (ServiceRight s : ServiceRight.values()) {
            if (s.label().equals(name)) {
                return EnumSet.of(s);
            }
        }
        throw new NoSuchElementException("service " + name + " does not exist; the services are "
                + Arrays.stream(ServiceRight.values()).map(ServiceRight::label).collect(Collectors.joining(", ")) + " and " + EXTERNAL);
    }
}
