package org.palisade.pbx.sip;

import java.util.function.Function;
import org.palisade.core.trunk.Trunk;
import org.palisade.pbx.secret.SecretBox;

/** How a trunk's stored password is opened to answer a challenge. */
public final class TrunkPasswords {

    private TrunkPasswords() {
    }

    /**
     * Opens with the purpose the password was sealed under ({@code trunk:NAME}, see core's
     * TrunkAdministration), so a value copied from another trunk's row does not open.
     *
     * @throws org.palisade.pbx.secret.SecretException from the function, naming the trunk, when it
     *         does not open (wrong {@code secrets.key}, altered value)
     */
    public static Function<Trunk, char[]> opener(SecretBox box) {
        return t -> {
            if (t.encryptedPassword() == null) {
                throw new IllegalStateException("trunk " + t.name() + " has no password");
            }
            return box.open("trunk:" + t.name(), t.encryptedPassword());
        };
    }
}
