package org.palisade.core.rights;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

/** A named set of service rights; every extension points at exactly one. */
public record RightsProfile(String name, Set<ServiceRight> rights) {

    public static final String DEFAULT = "default";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public RightsProfile {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name: 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        rights = Collections.unmodifiableSet(rights.isEmpty() ? EnumSet.noneOf(ServiceRight.class) : EnumSet.copyOf(rights));
    }

    public boolean allows(ServiceRight right) {
        return rights.contains(right);
    }
}
