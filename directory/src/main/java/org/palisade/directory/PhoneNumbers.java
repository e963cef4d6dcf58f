package org.palisade.directory;

import java.util.Optional;
import org.palisade.core.extension.Extension;

/** Directory phone numbers as extension numbers. */
public final class PhoneNumbers {

    private PhoneNumbers() {
    }

    /**
     * Strips spaces, dashes and '+' ({@code +49 30 1234-567} becomes {@code 49301234567}); what is
     * left must be what {@link Extension#requireValidNumber} accepts (2 to 15 digits).
     *
     * @return empty when it is not
     */
    public static Optional<String> normalize(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        StringBuilder sb = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '-' || c == '+' || c == '\u2010' || c == '\u2011' || c == '\u2013' || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                continue;
            }
            sb.append(c);
        }
        String n = sb.toString();
        try {
            Extension.requireValidNumber(n);
            return Optional.of(n);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
