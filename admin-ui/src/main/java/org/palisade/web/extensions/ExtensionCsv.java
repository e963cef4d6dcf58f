package org.palisade.web.extensions;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;
import org.palisade.core.extension.DigestHashes;
import org.palisade.core.extension.Extension;

/**
 * The extensions CSV, one layout for export and import (RFC 4180, header line first):
 * {@code number,name,department,profile,password}. The export leaves every password empty, since
 * only hashes are stored; to import it, fill them in.
 *
 * <p>Reading checks every row against the rules of core and against what is stored, and reports
 * every problem with its line, rather than stopping at the first, so a file is fixed in one go.
 */
final class ExtensionCsv {

    static final List<String> COLUMNS = List.of("number", "name", "department", "profile", "password");
    private static final Set<String> REQUIRED = Set.of("number", "name", "password");
    private static final java.util.regex.Pattern STARTLINE = java.util.regex.Pattern.compile("\\(startline ([0-9]+)\\)");

    /** One problem: {@code line} counts from 1 (the header), {@code field} is the column, or null for the whole row. */
    record RowError(int line, String field, String error) {
    }

    /** A row that passed the checks. */
    record Row(int line, String number, String name, String department, String profile, String password) {
    }

    /** What reading a file found: rows to import only when {@code errors} is empty. */
    record Checked(List<Row> valid, List<RowError> errors) {
    }

    private ExtensionCsv() {
    }

    /** Writes the header and a row per extension, passwords empty. */
    static void write(List<Extension> extensions, Appendable out) throws IOException {
        try (CSVPrinter printer = CSVFormat.RFC4180.builder().setHeader(COLUMNS.toArray(String[]::new)).get().print(out)) {
            for (Extension e : extensions) {
                printer.printRecord(e.number(), e.name(), e.department() == null ? "" : e.department(), e.profile(), "");
            }
        }
    }

    /**
     * Reads and checks {@code csv}.
     *
     * @param existing numbers of the extensions already stored
     * @param profiles names of the rights profiles; an empty profile cell means {@code default}
     */
    static Checked check(String csv, Set<String> existing, Set<String> profiles) {
        String text = csv.startsWith("\uFEFF") ? csv.substring(1) : csv; // a spreadsheet's byte order mark
        List<Row> valid = new ArrayList<>();
        List<RowError> errors = new ArrayList<>();
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true)
                .setAllowMissingColumnNames(false).setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_ALL).get(); // reported by header()
        CSVParser parser;
        try {
            parser = format.parse(new StringReader(text));
        } catch (IOException | IllegalArgumentException | UncheckedIOException e) {
            errors.add(new RowError(1, null, "cannot read the header line: " + reason(e)));
            return new Checked(valid, errors);
        }
        try (parser) {
            if (!header(parser.getHeaderNames(), errors)) {
                return new Checked(valid, errors);
            }
            Map<String, Integer> seen = new HashMap<>();
            Lines lines = new Lines(text);
            var records = parser.iterator();
            while (true) {
                CSVRecord r;
                try {
                    if (!records.hasNext()) {
                        break;
                    }
                    r = records.next();
                } catch (UncheckedIOException | IllegalStateException e) {
                    errors.add(malformed(e, parser.getCurrentLineNumber()));
                    break;
                }
                int line = lines.lineAt(r.getCharacterPosition());
                if (!r.isConsistent()) {
                    errors.add(new RowError(line, null, "expected " + parser.getHeaderNames().size() + " values, found " + r.size()));
                    continue;
                }
                int before = errors.size();
                Row row = new Row(line, cell(r, "number", true), cell(r, "name", true), cell(r, "department", true),
                        cell(r, "profile", true), cell(r, "password", false));
                checkRow(row, existing, profiles, seen, errors);
                if (errors.size() == before) {
                    valid.add(row);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Checked(valid, errors);
    }

    private static boolean header(List<String> names, List<RowError> errors) {
        int before = errors.size();
        Set<String> seen = new java.util.HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) {
                errors.add(new RowError(1, name, "column given twice"));
            } else if (!COLUMNS.contains(name)) {
                errors.add(new RowError(1, name, "unknown column; the columns are " + String.join(",", COLUMNS)));
            }
        }
        for (String column : COLUMNS) {
            if (REQUIRED.contains(column) && !names.contains(column)) {
                errors.add(new RowError(1, column, "missing column; the header is " + String.join(",", COLUMNS)));
            }
        }
        return errors.size() == before;
    }

    private static void checkRow(Row row, Set<String> existing, Set<String> profiles, Map<String, Integer> seen,
                                 List<RowError> errors) {
        int line = row.line();
        if (rule(line, errors, () -> Extension.requireValidNumber(row.number()))) {
            Integer first = seen.putIfAbsent(row.number(), line);
            if (first != null) {
                errors.add(new RowError(line, "number", row.number() + " is on line " + first + " already"));
            } else if (existing.contains(row.number())) {
                errors.add(new RowError(line, "number", "extension " + row.number() + " already exists"));
            }
        }
        rule(line, errors, () -> Extension.requireValidName(row.name()));
        rule(line, errors, () -> Extension.requireValidDepartment(blankToNull(row.department())));
        if (row.profile() != null && !row.profile().isEmpty() && !profiles.contains(row.profile())) {
            errors.add(new RowError(line, "profile", "'" + row.profile() + "' does not exist"));
        }
        if (row.password() == null || row.password().isEmpty()) {
            errors.add(new RowError(line, "password", "required: fill in a SIP password for each extension (an export leaves them empty)"));
        } else {
            rule(line, errors, () -> DigestHashes.of(row.number(), "check", row.password().toCharArray()));
        }
    }

    /** Runs one of core's checks; its {@code "field: reason"} becomes a row error. */
    private static boolean rule(int line, List<RowError> errors, Runnable check) {
        try {
            check.run();
            return true;
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            int colon = message.indexOf(": ");
            errors.add(colon > 0 ? new RowError(line, message.substring(0, colon), message.substring(colon + 2))
                    : new RowError(line, null, message));
            return false;
        }
    }

    /** A cell, trimmed unless it is the password; null when the file has no such column. */
    private static String cell(CSVRecord r, String column, boolean trim) {
        if (!r.isMapped(column)) {
            return null;
        }
        String v = r.get(column);
        return trim ? v.trim() : v;
    }

    /**
     * The line each record starts on, from the character where Commons CSV began reading it (which
     * is before any empty lines it then skipped). Records come in order, so it counts on from the
     * previous one: one pass over the text for the whole file.
     */
    static final class Lines {
        private final String text;
        private int at;
        private int line = 1;

        Lines(String text) {
            this.text = text;
        }

        int lineAt(long position) {
            int end = (int) Math.min(position, text.length());
            while (end < text.length() && (text.charAt(end) == '\r' || text.charAt(end) == '\n')) {
                end++;
            }
            for (; at < end; at++) {
                char c = text.charAt(at);
                if (c == '\n' || (c == '\r' && (at + 1 >= text.length() || text.charAt(at + 1) != '\n'))) {
                    line++;
                }
            }
            return line;
        }
    }

    /** Commons CSV names the line the broken record starts on as "(startline N)" in its message. */
    private static RowError malformed(Exception e, long currentLine) {
        String message = reason(e);
        java.util.regex.Matcher m = STARTLINE.matcher(message);
        int line = m.find() ? Integer.parseInt(m.group(1)) : (int) currentLine;
        String why = message.replaceFirst("^.*?\\(startline [0-9]+\\)\\s*", "");
        if (why.contains("EOF reached before encapsulated token finished")) {
            why = "a quoted value is not closed";
        }
        return new RowError(line, null, "malformed CSV: " + why);
    }

    private static String reason(Exception e) {
        Throwable t = e.getCause() != null && e instanceof UncheckedIOException ? e.getCause() : e;
        return String.valueOf(t.getMessage());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
