package org.palisade.core.cdr;

/**
 * Keeps a spreadsheet from running text as a formula (CSV injection, OWASP): a caller name or
 * number is chosen by whoever places the call, so "=HYPERLINK(...)" in a From header must stay
 * text when finance opens the file in Excel or LibreOffice.
 */
final class SpreadsheetText {

    private SpreadsheetText() {
    }

    /**
     * The text with a single quote in front when it starts with a character a spreadsheet reads
     * as the start of a formula (= + - @) or that it skips before one (tab, carriage return); any
     * other text unchanged. The quote makes the cell text and shows what it is; "+49 30 ..." stays
     * a phone number instead of becoming the number 4930...
     */
    static String escape(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        return switch (text.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> "'" + text;
            default -> text;
        };
    }
}
