package org.palisade.core.media;

import java.util.Locale;

/** Which calls have their media anchored on a relay node ({@code relay.anchor}). */
public enum AnchorPolicy {
    /** Every call: phones never learn each other's addresses. The default. */
    ALL,
    /** Only calls that leave the internal network (through a trunk); internal calls go phone to phone. */
    EXTERNAL,
    /** No call: SDP passes unchanged. */
    NONE;

    public boolean anchors(boolean external) {
        return this == ALL || (this == EXTERNAL && external);
    }

    /** @throws IllegalArgumentException naming {@code relay.anchor} */
    public static AnchorPolicy parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("relay.anchor: '" + value + "' is not one of all, external, none");
        }
    }
}
