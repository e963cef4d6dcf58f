package org.palisade.directory;

/**
 * The directory could not be used: unreachable, refused the service account's bind, a search
 * failed or came back incomplete. A sync that meets one changes nothing.
 */
public final class DirectoryException extends RuntimeException {

    public DirectoryException(String message) {
        super(message);
    }

    public DirectoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
