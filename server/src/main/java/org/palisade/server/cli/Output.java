package org.palisade.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Plain-text tables for people, JSON for scripts; the same rows feed both. */
final class Output {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Output() {
    }

    static void json(PrintWriter out, Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rows are ordered maps; their keys are the column headings. */
    static void table(PrintWriter out, List<String> columns, List<? extends Map<String, ?>> rows) {
        int[] widths = new int[columns.size()];
        List<String[]> cells = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            widths[i] = columns.get(i).length();
        }
        for (Map<String, ?> row : rows) {
            String[] line = new String[columns.size()];
            for (int i = 0; i < columns.size(); i++) {
                Object v = row.get(columns.get(i));
                line[i] = v == null ? "" : v.toString().replace('\n', ' ');
                widths[i] = Math.max(widths[i], line[i].length());
            }
            cells.add(line);
        }
        printLine(out, columns.stream().map(c -> c.toUpperCase(java.util.Locale.ROOT)).toArray(String[]::new), widths);
        cells.forEach(line -> printLine(out, line, widths));
        if (rows.isEmpty()) {
            out.println("(none)");
        }
    }

    private static void printLine(PrintWriter out, String[] cells, int[] widths) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            sb.append(i == cells.length - 1 ? cells[i] : String.format("%-" + widths[i] + "s  ", cells[i]));
        }
        out.println(sb.toString().stripTrailing());
    }
}
