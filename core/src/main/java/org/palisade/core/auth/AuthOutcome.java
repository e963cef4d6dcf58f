package org.palisade.core.auth;

import java.util.List;
import org.palisade.core.extension.Extension;

public sealed interface AuthOutcome {

    /** The credentials are good and the extension may use the service. */
    record Authenticated(Extension extension) implements AuthOutcome {
    }

    /**
     * Ask (again) for credentials; {@code challenges} are the header values to send, strongest
     * algorithm first. Unknown users and wrong passwords both end here, identically.
     */
    record Challenge(List<String> challenges) implements AuthOutcome {
    }

    /** Locked out: answer 403 whatever the credentials. */
    record Refused(String reason) implements AuthOutcome {
    }
}
