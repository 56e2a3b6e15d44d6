package dev.sigil.service.ca.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Finds the CA key passphrase: an explicit value (SIGIL_KEY_PASSPHRASE), else a passphrase file. On a first start
 * with neither, a random passphrase file is generated (mode 0600) so that the zero-config start just works; the
 * operator is told to move it somewhere safer.
 */
public final class Passphrase {

    /** Random bytes in a generated passphrase (256 bits). */
    static final int GENERATED_BYTES = 32;

    /** Where the passphrase came from, for the start-up log (never the passphrase itself). */
    public record Resolved(char[] value, String origin, boolean generated) {
    }

    private Passphrase() {
    }

    /**
     * @param explicit      the configured passphrase, if any
     * @param file          the passphrase file (configured or default)
     * @param mayGenerate   true on a first start (no CA yet): a missing file is created
     * @throws KeyCustodyException if no passphrase can be found
     */
    public static Resolved resolve(Optional<String> explicit, Path file, boolean mayGenerate) {
        if (explicit.isPresent()) {
            return new Resolved(explicit.get().toCharArray(), "SIGIL_KEY_PASSPHRASE / sigil.key.passphrase", false);
        }
        try {
            if (Files.isRegularFile(file)) {
                FileModes.requirePrivate(file, "passphrase file", false);
                String text = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (text.isEmpty()) {
                    throw new KeyCustodyException("passphrase file " + file + " is empty");
                }
                return new Resolved(text.toCharArray(), "file " + file, false);
            }
            if (!mayGenerate) {
                throw new KeyCustodyException("the CA keys are encrypted and no passphrase was given: set "
                        + "SIGIL_KEY_PASSPHRASE or sigil.key.passphrase-file (expected file " + file + ")");
            }
            byte[] random = new byte[GENERATED_BYTES];
            new SecureRandom().nextBytes(random);
            String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            FileModes.writePrivateFile(file, (generated + "\n").getBytes(StandardCharsets.UTF_8));
            return new Resolved(generated.toCharArray(), "generated file " + file, true);
        } catch (IOException e) {
            throw new KeyCustodyException("cannot read or create passphrase file " + file + ": " + e.getMessage());
        }
    }
}
