package org.palisade.directory.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.palisade.core.trunk.PasswordSealer;
import org.palisade.directory.SecretOpener;

/**
 * Seals and opens secrets for the directory module's tests, which cannot use the server's
 * SecretBox (pbx-bridge): bound to the purpose like the real one, but not encrypted. The CLI tests
 * in the server module run with the real SecretBox.
 */
public final class TestSecrets implements PasswordSealer, SecretOpener {

    @Override
    public String seal(String purpose, char[] password) {
        return "test:" + Base64.getEncoder().encodeToString((purpose + "\n" + new String(password)).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public char[] open(String purpose, String sealed) {
        String text = new String(Base64.getDecoder().decode(sealed.substring("test:".length())), StandardCharsets.UTF_8);
        if (!text.startsWith(purpose + "\n")) {
            throw new IllegalStateException("sealed for another purpose");
        }
        return text.substring(purpose.length() + 1).toCharArray();
    }
}
