package org.palisade.core.trunk;

/** Brings a telephone number as an admin typed it (national form, spaces) into E.164. */
@FunctionalInterface
public interface E164Normalizer {

    /**
     * @return the number in E.164, e.g. {@code +49301234567}
     * @throws IllegalArgumentException starting with {@code number:} when it is not a public number
     */
    String toE164(String number);
}
