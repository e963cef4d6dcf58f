package org.palisade.directory;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/** The stable id of a person as text, whatever the attribute's syntax. */
public final class StableKeys {

    private StableKeys() {
    }

    /**
     * AD's objectGUID (16 bytes) becomes the GUID as AD's own tools print it
     * ({@code 3f2504e0-4f89-11d3-9a0c-0305e82c3301}: the first three groups little-endian); a value
     * that is printable UTF-8 (entryUUID, employeeNumber) stays as it is; anything else becomes
     * {@code base64:} and its base64.
     */
    public static String of(String attribute, byte[] value) {
        if (value == null || value.length == 0) {
            return null;
        }
        if ("objectGUID".equalsIgnoreCase(attribute) && value.length == 16) {
            return guid(value);
        }
        String text = printable(value);
        return text != null ? text : "base64:" + Base64.getEncoder().encodeToString(value);
    }

    static String guid(byte[] b) {
        HexFormat hex = HexFormat.of();
        return hex.formatHex(new byte[] {b[3], b[2], b[1], b[0]}) + "-" + hex.formatHex(new byte[] {b[5], b[4]}) + "-"
                + hex.formatHex(new byte[] {b[7], b[6]}) + "-" + hex.formatHex(b, 8, 10) + "-" + hex.formatHex(b, 10, 16);
    }

    private static String printable(byte[] value) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value)).toString();
            for (int i = 0; i < s.length(); i++) {
                if (Character.isISOControl(s.charAt(i))) {
                    return null;
                }
            }
            return s.isBlank() ? null : s;
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
