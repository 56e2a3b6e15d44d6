package dev.sigil.storage.ssh;

import java.util.Locale;
import java.util.Optional;

/** Which of the two SSH CAs: the one that signs user certificates or the one that signs host certificates. */
public enum SshCaType {
    USER, HOST;

    /** {@code user} or {@code host}, as the API and the database spell it. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code user} or {@code host} (any case). */
    public static Optional<SshCaType> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (SshCaType t : values()) {
            if (t.wireName().equalsIgnoreCase(text.strip())) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
