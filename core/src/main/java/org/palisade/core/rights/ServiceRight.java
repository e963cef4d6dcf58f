package org.palisade.core.rights;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** A service an extension may or may not use; the names are what admins type and what is stored. */
public enum ServiceRight {
    VOICE("voice"),
    VIDEO("video"),
    CHAT("chat"),
    FILE_TRANSFER("file-transfer"),
    EXTERNAL_OUT("external-out"),
    EXTERNAL_IN("external-in");

    private final String label;

    ServiceRight(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static ServiceRight parse(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        for (ServiceRight right : values()) {
            if (right.label.equals(wanted)) {
                return right;
            }
        }
        throw new IllegalArgumentException("unknown right '" + text + "' (known: " + labels(EnumSet.allOf(ServiceRight.class)) + ")");
    }

    /** Parses a comma-separated list such as {@code voice,video}; an empty text is the empty set. */
    public static Set<ServiceRight> parseList(String text) {
        Set<ServiceRight> rights = EnumSet.noneOf(ServiceRight.class);
        if (text == null || text.isBlank()) {
            return rights;
        }
        Arrays.stream(text.split(",")).filter(s -> !s.isBlank()).map(ServiceRight::parse).forEach(rights::add);
        return rights;
    }

    /** The canonical, ordered comma-separated form. */
    public static String labels(Set<ServiceRight> rights) {
        return rights.stream().sorted().map(ServiceRight::label).collect(Collectors.joining(","));
    }
}
