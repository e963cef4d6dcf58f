package org.palisade.core.extension;

import java.util.regex.Pattern;

/**
 * A staff member's number. Only the digest HA1 hashes of the SIP password are kept:
 * enough to check a response, never enough to recover the password.
 */
public record Extension(String number, String name, String department, String profile,
                        String ha1Md5, String ha1Sha256, boolean enabled) {

    private static final Pattern NUMBER = Pattern.compile("[0-9]{2,15}");

    public Extension {
        requireValidNumber(number);
        requireValidName(name);
        requireValidDepartment(department);
    }

    public static void requireValidNumber(String number) {
        if (number == null || !NUMBER.matcher(number).matches()) {
            throw new IllegalArgumentException("number: 2 to 15 digits, got '" + number + "'");
        }
    }

    public static void requireValidName(String name) {
        if (name == null || name.isBlank() || name.length() > 128) {
            throw new IllegalArgumentException("name: required, at most 128 characters");
        }
    }

    /** @param department null for none */
    public static void requireValidDepartment(String department) {
        if (department != null && department.length() > 128) {
            throw new IllegalArgumentException("department: at most 128 characters");
        }
    }

    public Extension withName(String newName) {
        return new Extension(number, newName, department, profile, ha1Md5, ha1Sha256, enabled);
    }

    public Extension withDepartment(String newDepartment) {
        return new Extension(number, name, newDepartment, profile, ha1Md5, ha1Sha256, enabled);
    }

    public Extension withProfile(String newProfile) {
        return new Extension(number, name, department, newProfile, ha1Md5, ha1Sha256, enabled);
    }

    public Extension withCredentials(DigestHashes hashes) {
        return new Extension(number, name, department, profile, hashes.md5(), hashes.sha256(), enabled);
    }

    public Extension withEnabled(boolean on) {
        return new Extension(number, name, department, profile, ha1Md5, ha1Sha256, on);
    }
}
