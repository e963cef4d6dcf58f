package org.palisade.pbx.dialplan;

/**
 * A dialled string as the dial plan sees it, after {@link NumberNormalizer#classify}.
 *
 * @param input   as dialled
 * @param kind    what it is
 * @param number  what routes are matched against: E.164 for {@link Kind#PUBLIC}, the cleaned
 *                digits for the other kinds, null for {@link Kind#INVALID}
 * @param problem why it is {@link Kind#INVALID}, else null
 */
public record Dialled(String input, Kind kind, String number, String problem) {

    public enum Kind {
        /** A telephone number of the public network, in E.164. */
        PUBLIC,
        /** An emergency number of the default country (112, 110, 911, ...). */
        EMERGENCY,
        /** Another short number of the default country (116116, directory enquiries, ...). */
        SHORT,
        /** Contains '*' or '#': a feature or service code, never normalised. */
        SERVICE,
        /**
         * Digits that are not a public number as written: no default country is configured, or they
         * carry no prefix and fit no number plan (an unknown extension, a local number without area code).
         */
        LOCAL,
        /** Not a number at all, or a number that cannot exist (too short or too long for its country). */
        INVALID
    }

    public boolean routable() {
        return kind != Kind.INVALID;
    }
}
