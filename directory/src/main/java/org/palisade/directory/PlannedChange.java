package org.palisade.directory;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.palisade.core.directory.DirectoryLink;

/**
 * One change a sync would make to one extension, with the fields that change.
 *
 * @param login          whom it is for (login, else DN); null for a person no longer in the directory
 * @param fields         field to its value before and after ({@code name}, {@code department},
 *                       {@code profile}, {@code number}, {@code enabled}, {@code password})
 * @param name           the extension's name after the change (CREATE, UPDATE, ENABLE)
 * @param department     likewise; null for none
 * @param profile        likewise
 * @param newCredentials a new random SIP password nobody knows: a new extension, or one taken over
 *                       from a person who left
 * @param reason         why (DISABLE), or what else to know ("takes over ..."); null for nothing
 * @param move           a DISABLE that only follows the person's move to another number: not
 *                       counted by the mass-disable guard
 * @param link           the link row to write with the change
 */
public record PlannedChange(Action action, String extension, String login, Map<String, Field> fields, String name,
                            String department, String profile, boolean newCredentials, String reason, boolean move,
                            DirectoryLink link) {

    public enum Action {
        CREATE, UPDATE, DISABLE, ENABLE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One field's value before and after; {@code from} is null for a new extension. */
    public record Field(Object from, Object to) {
    }

    public PlannedChange {
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** A CREATE that takes over an existing extension (of someone who left or moved) instead of adding one. */
    public boolean takeover() {
        return action == Action.CREATE && fields.containsKey("password");
    }

    /** One line for people: {@code update 1002 (bob): name 'Bob' -> 'Robert', profile 'default' -> 'sales'}. */
    public String describe() {
        StringBuilder sb = new StringBuilder(action.label()).append(' ').append(extension);
        if (login != null) {
            sb.append(" (").append(login).append(')');
        }
        String sep = ": ";
        for (Map.Entry<String, Field> f : fields.entrySet()) {
            sb.append(sep).append(f.getKey()).append(' ');
            if (f.getValue().from() != null || action != Action.CREATE) {
                sb.append(quote(f.getValue().from())).append(" -> ");
            }
            sb.append(quote(f.getValue().to()));
            sep = ", ";
        }
        if (reason != null) {
            sb.append(" [").append(reason).append(']');
        }
        return sb.toString();
    }

    /** For JSON output: no internal link row. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("action", action.label());
        m.put("extension", extension);
        m.put("login", login);
        Map<String, Object> f = new LinkedHashMap<>();
        fields.forEach((k, v) -> {
            Map<String, Object> fromTo = new LinkedHashMap<>();
            fromTo.put("from", v.from());
            fromTo.put("to", v.to());
            f.put(k, fromTo);
        });
        m.put("fields", f);
        m.put("reason", reason);
        return m;
    }

    private static String quote(Object v) {
        return v == null ? "(none)" : v instanceof String s ? "'" + s + "'" : String.valueOf(v);
    }
}
