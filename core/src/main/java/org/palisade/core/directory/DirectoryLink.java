package org.palisade.core.directory;

/**
 * Ties an extension the directory sync made (or took over) to the person it belongs to. An
 * extension without a link was made by hand, and the sync leaves it alone. The extension table
 * itself knows nothing of the directory.
 *
 * @param extension           the extension's number
 * @param directoryKey        the person's stable id (objectGUID, entryUUID, ...); null when the
 *                            person moved to another number and this extension stays behind, disabled
 * @param dn                  the person's entry when last seen
 * @param login               the person's login when last seen
 * @param disabledByDirectory the sync disabled the extension (person gone or disabled there), so it
 *                            enables it again when they come back; an extension an admin disabled by
 *                            hand stays disabled
 */
public record DirectoryLink(String extension, String directoryKey, String dn, String login, boolean disabledByDirectory) {

    public static final int MAX_KEY_LENGTH = 128;

    public DirectoryLink {
        org.palisade.core.extension.Extension.requireValidNumber(extension);
        if (directoryKey != null && (directoryKey.isEmpty() || directoryKey.length() > MAX_KEY_LENGTH)) {
            throw new IllegalArgumentException("key: 1 to " + MAX_KEY_LENGTH + " characters");
        }
        dn = cut(dn, 1024);
        login = cut(login, 255);
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
