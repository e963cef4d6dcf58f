package org.palisade.directory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.palisade.core.directory.DirectoryFlavor;

/**
 * Which directory attributes give a person's login, number, name, department, mail and stable
 * key: the flavor's preset, with the admin's overrides ({@code --map number=mobile}). Where a
 * field lists several attributes, the first one the entry has wins.
 *
 * <p>Presets, as issue 8 gives them:
 * <ul>
 *   <li>{@code ad}: login sAMAccountName, userPrincipalName; number ipPhone, telephoneNumber; name
 *       displayName; department department; mail mail; key objectGUID (binary); disabled when
 *       userAccountControl has bit 0x2.</li>
 *   <li>{@code openldap}: login uid; number telephoneNumber; name displayName, cn; department
 *       departmentNumber, ou; mail mail; key entryUUID.</li>
 * </ul>
 */
public final class AttributeMap {

    /** What Palisade reads from a person's entry. */
    public enum Field {
        LOGIN, NUMBER, NAME, DEPARTMENT, MAIL, KEY;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @throws IllegalArgumentException "map: ..." listing the fields */
        public static Field parse(String label) {
            for (Field f : values()) {
                if (f.label().equals(label.trim().toLowerCase(Locale.ROOT))) {
                    return f;
                }
            }
            throw new IllegalArgumentException("map: unknown field '" + label + "', one of "
                    + String.join(", ", Arrays.stream(values()).map(Field::label).toList()));
        }
    }

    /** AD's flag for a disabled account (ACCOUNTDISABLE) in userAccountControl. */
    public static final int AD_ACCOUNT_DISABLED = 0x2;
    public static final String AD_USER_ACCOUNT_CONTROL = "userAccountControl";
    public static final String MEMBER_OF = "memberOf";

    /** An attribute description: a name or an OID, with options (cn;lang-de). */
    private static final Pattern ATTRIBUTE = Pattern.compile("([A-Za-z][A-Za-z0-9-]*|[0-9]+(\\.[0-9]+)+)(;[A-Za-z0-9-]+)*");

    private final DirectoryFlavor flavor;
    private final Map<Field, List<String>> attributes;

    private AttributeMap(DirectoryFlavor flavor, Map<Field, List<String>> attributes) {
        this.flavor = flavor;
        this.attributes = attributes;
    }

    public static AttributeMap of(DirectoryFlavor flavor, Map<String, List<String>> overrides) {
        Map<Field, List<String>> m = new EnumMap<>(Field.class);
        m.putAll(preset(flavor));
        overrides.forEach((field, attrs) -> m.put(Field.parse(field), List.copyOf(attrs)));
        return new AttributeMap(flavor, Collections.unmodifiableMap(m));
    }

    public static Map<Field, List<String>> preset(DirectoryFlavor flavor) {
        Map<Field, List<String>> m = new EnumMap<>(Field.class);
        switch (flavor) {
            case AD -> {
                m.put(Field.LOGIN, List.of("sAMAccountName", "userPrincipalName"));
                m.put(Field.NUMBER, List.of("ipPhone", "telephoneNumber"));
                m.put(Field.NAME, List.of("displayName"));
                m.put(Field.DEPARTMENT, List.of("department"));
                m.put(Field.MAIL, List.of("mail"));
                m.put(Field.KEY, List.of("objectGUID"));
            }
            case OPENLDAP -> {
                m.put(Field.LOGIN, List.of("uid"));
                m.put(Field.NUMBER, List.of("telephoneNumber"));
                m.put(Field.NAME, List.of("displayName", "cn"));
                m.put(Field.DEPARTMENT, List.of("departmentNumber", "ou"));
                m.put(Field.MAIL, List.of("mail"));
                m.put(Field.KEY, List.of("entryUUID"));
            }
        }
        return m;
    }

    /** Which entries are people when the admin gave no {@code --user-filter}. */
    public static String defaultUserFilter(DirectoryFlavor flavor) {
        return switch (flavor) {
            // the usual AD idiom for user accounts (SAM_USER_OBJECT): no computers, no contacts
            case AD -> "(sAMAccountType=805306368)";
            case OPENLDAP -> "(objectClass=inetOrgPerson)";
        };
    }

    /**
     * Reads {@code --map} arguments: {@code field=attribute[,attribute...]}; {@code field=} (nothing
     * after '=') removes the override, back to the preset.
     *
     * @return field label to attributes, an empty list for "back to the preset"
     * @throws IllegalArgumentException "map: ..."
     */
    public static Map<String, List<String>> parseOverrides(List<String> args) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("map: expected field=attribute[,attribute...], got '" + arg + "'");
            }
            Field field = Field.parse(arg.substring(0, eq));
            String rest = arg.substring(eq + 1).trim();
            List<String> attrs = new ArrayList<>();
            if (!rest.isEmpty()) {
                for (String a : rest.split(",")) {
                    String attr = a.trim();
                    if (!ATTRIBUTE.matcher(attr).matches()) {
                        throw new IllegalArgumentException("map: '" + attr + "' is not an attribute name (" + field.label() + ")");
                    }
                    attrs.add(attr);
                }
            }
            if (field == Field.KEY && attrs.size() > 1) {
                throw new IllegalArgumentException("map: key takes one attribute, got " + attrs);
            }
            m.put(field.label(), attrs);
        }
        return m;
    }

    public DirectoryFlavor flavor() {
        return flavor;
    }

    public List<String> attributes(Field field) {
        return attributes.get(field);
    }

    /** Every attribute a person search asks for. */
    public String[] requested() {
        Set<String> all = new LinkedHashSet<>();
        attributes.values().forEach(all::addAll);
        all.add(MEMBER_OF);
        if (flavor == DirectoryFlavor.AD) {
            all.add(AD_USER_ACCOUNT_CONTROL);
        }
        return all.toArray(String[]::new);
    }

    /** Field label to attributes, for status output. */
    public Map<String, List<String>> describe() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        attributes.forEach((f, a) -> m.put(f.label(), a));
        return m;
    }
}
