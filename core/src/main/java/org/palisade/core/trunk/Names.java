package org.palisade.core.trunk;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The names admins give trunks and routes: safe in a SIP header, a file name and a shell. Kept in
 * lower case because MariaDB compares them case-insensitively and H2 does not.
 */
final class Names {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private Names() {
    }

    /** @return the name in lower case */
    static String canonical(String field, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(field + ": 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit, got '"
                    + name + "'");
        }
        return name.toLowerCase(Locale.ROOT);
    }
}
