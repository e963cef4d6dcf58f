package org.palisade.core.trunk;

import java.util.regex.Pattern;

/** An inbound number (Direct Inward Dialling) and the extension its calls ring. */
public record Did(String number, String extension) {

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");
    private static final Pattern EXTENSION = Pattern.compile("[0-9]{2,15}");

    public Did {
        if (number == null || !E164.matcher(number).matches()) {
            throw new IllegalArgumentException("number: E.164, '+' and 2 to 15 digits, got '" + number + "'");
        }
        if (extension == null || !EXTENSION.matcher(extension).matches()) {
            throw new IllegalArgumentException("extension: 2 to 15 digits, got '" + extension + "'");
        }
    }
}
