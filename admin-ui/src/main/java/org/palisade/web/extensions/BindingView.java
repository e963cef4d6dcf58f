package org.palisade.web.extensions;

import java.time.Instant;
import org.palisade.core.location.Binding;

/**
 * A registered device as the API shows it: {@code {"extension","contact","source","transport",
 * "userAgent","expires","registered"}}, {@code source} being {@code HOST:PORT} where the REGISTER
 * really came from.
 */
record BindingView(String extension, String contact, String source, String transport, String userAgent, Instant expires,
                   Instant registered) {

    static BindingView of(Binding b) {
        return new BindingView(b.aor(), b.contactUri(), b.source(), b.transport(), b.userAgent(),
                Instant.ofEpochMilli(b.expiresAtMillis()), Instant.ofEpochMilli(b.registeredAtMillis()));
    }
}
