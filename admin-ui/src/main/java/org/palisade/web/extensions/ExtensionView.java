package org.palisade.web.extensions;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.palisade.core.extension.Extension;

/**
 * An extension as the API shows it, never its digest hashes: {@code {"number","name","department",
 * "profile","enabled","did","registrations"}}, and on {@code GET /api/extensions/{number}} also
 * {@code "bindings"}.
 *
 * @param did           the DID that rings it, null for none (the lowest, should several)
 * @param registrations its live bindings (registered devices) now
 * @param bindings      those bindings; null, and left out, in lists
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record ExtensionView(String number, String name, String department, String profile, boolean enabled, String did,
                     int registrations, @JsonInclude(JsonInclude.Include.NON_NULL) List<BindingView> bindings) {

    static ExtensionView of(Extension e, String did, int registrations) {
        return new ExtensionView(e.number(), e.name(), e.department(), e.profile(), e.enabled(), did, registrations, null);
    }

    static ExtensionView of(Extension e, String did, List<BindingView> bindings) {
        return new ExtensionView(e.number(), e.name(), e.department(), e.profile(), e.enabled(), did, bindings.size(),
                List.copyOf(bindings));
    }
}
