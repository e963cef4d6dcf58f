package org.palisade.db;

import java.sql.SQLIntegrityConstraintViolationException;
import java.util.function.Supplier;
import org.apache.ibatis.exceptions.PersistenceException;

/**
 * Turns a broken unique or foreign key into the {@link IllegalStateException} that callers
 * already handle as "conflicts with what is stored": the check they made before writing can
 * lose a race against another node.
 */
final class Conflicts {

    private Conflicts() {
    }

    static void translate(String what, Runnable write) {
        translate(what, () -> {
            write.run();
            return null;
        });
    }

    static <T> T translate(String what, Supplier<T> write) {
        try {
            return write.get();
        } catch (PersistenceException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SQLIntegrityConstraintViolationException violation) {
                    throw new IllegalStateException(what + " conflicts with what is stored: " + violation.getMessage(), e);
                }
            }
            throw e;
        }
    }
}
