package org.palisade.core.location;

import java.util.List;

public sealed interface RegisterResult {

    /** 200: the bindings now current for the address of record. */
    record Ok(List<Binding> bindings, long nowMillis) implements RegisterResult {
    }

    /** 423 with Min-Expires. */
    record IntervalTooBrief(int minExpires) implements RegisterResult {
    }

    /** Any other refusal: a 4xx/5xx code and the reason phrase that explains it. */
    record Rejected(int code, String reason) implements RegisterResult {
    }
}
