package dev.sigil.service.ca.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Finds the CA key passphrase: an explicit value (SIGIL_KEY_PASSPHRASE), else a passphrase file (which must not be
 * readable by others), else, once a CA exists and the server runs on a terminal, a prompt without echo. On a first
 * start with none of them, a random passphrase file is generated (mode 0600) so that the zero-config start just
 * works; the operator is told to move it somewhere safer. The passphrase is never logged: only its origin is.
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
        return resolve(explicit, file, mayGenerate, Optional.empty());
    }

    /**
     * As {@link #resolve(Optional, Path, boolean)}, and when the CA exists but neither a value nor a file gives its
     * passphrase, asks {@code prompt} (the server's terminal, without echo) instead of failing.
     *
     * @param prompt reads a passphrase from the operator, empty when there is no terminal
     */
    public static Resolved resolve(Optional<String> explicit, Path file, boolean mayGenerate,
                                   Optional<Supplier<char[]>> prompt) {
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
                if (prompt.isPresent()) {
                    char[] typed = prompt.get().get();
                    if (typed == null || typed.length == 0) {
                        throw new KeyCustodyException("no passphrase was typed; the CA keys stay locked");
                    }
                    return new Resolved(typed, "typed at the terminal", false);
                }
                throw new KeyCustodyException("the CA keys are encrypted and no passphrase was given: set "
                        + "SIGIL_KEY_PASSPHRASE or sigil.key.passphrase-file (expected file " + file + "), or start"
                        + " sigil-server on a terminal to be asked for it");
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
