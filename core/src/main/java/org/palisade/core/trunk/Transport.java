package org.palisade.core.trunk;

import java.util.Locale;

/** How Palisade reaches a trunk's peer. */
public enum Transport {
    UDP,
    TCP,
    TLS;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Transport parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("transport: udp, tcp or tls, got '" + text + "'");
        }
    }
}
