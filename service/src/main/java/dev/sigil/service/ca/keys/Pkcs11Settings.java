package dev.sigil.service.ca.keys;

import dev.sigil.service.config.ConfigKeys;
import dev.sigil.service.config.SigilConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Where the PKCS#11 token is: the module (shared library), the slot (by ID, or by index in the module's slot list)
 * and the user PIN, taken from {@code SIGIL_KEY_PKCS11_PIN} / {@code sigil.key.pkcs11.pin} or a PIN file. The PIN is
 * never part of {@link #toString()} or any message.
 */
public final class Pkcs11Settings {

    private final Path library;
    private final OptionalLong slot;
    private final OptionalInt slotIndex;
    private final char[] pin;
    private final String pinOrigin;

    public Pkcs11Settings(Path library, OptionalLong slot, OptionalInt slotIndex, char[] pin, String pinOrigin) {
        if (slot.isPresent() && slotIndex.isPresent()) {
            throw new IllegalArgumentException("set either " + ConfigKeys.KEY_PKCS11_SLOT + " or "
                    + ConfigKeys.KEY_PKCS11_SLOT_INDEX + ", not both");
        }
        if (pin.length == 0) {
            throw new KeyCustodyException("the PKCS#11 PIN from " + pinOrigin + " is empty");
        }
        this.library = library;
        this.slot = slot;
        this.slotIndex = slotIndex;
        this.pin = pin.clone();
        this.pinOrigin = pinOrigin;
    }

    public static Pkcs11Settings from(SigilConfig c) {
        Path library = c.string(ConfigKeys.KEY_PKCS11_LIBRARY).map(Path::of).orElseThrow(() -> new KeyCustodyException(
                ConfigKeys.KEY_CUSTODY + " is pkcs11 but " + ConfigKeys.KEY_PKCS11_LIBRARY
                        + " (the token's PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so) is not set"));
        OptionalLong slot = c.string(ConfigKeys.KEY_PKCS11_SLOT)
                .map(s -> OptionalLong.of(number(s, ConfigKeys.KEY_PKCS11_SLOT))).orElse(OptionalLong.empty());
        OptionalInt index = c.string(ConfigKeys.KEY_PKCS11_SLOT_INDEX)
                .map(s -> OptionalInt.of(Math.toIntExact(number(s, ConfigKeys.KEY_PKCS11_SLOT_INDEX))))
                .orElse(OptionalInt.empty());
        Optional<String> explicit = c.string(ConfigKeys.KEY_PKCS11_PIN);
        if (explicit.isPresent()) {
            return new Pkcs11Settings(library, slot, index, explicit.get().toCharArray(),
                    "SIGIL_KEY_PKCS11_PIN / " + ConfigKeys.KEY_PKCS11_PIN);
        }
        Path file = c.string(ConfigKeys.KEY_PKCS11_PIN_FILE).map(Path::of).orElseThrow(() -> new KeyCustodyException(
                "the PKCS#11 token needs its user PIN: set SIGIL_KEY_PKCS11_PIN or " + ConfigKeys.KEY_PKCS11_PIN_FILE));
        return new Pkcs11Settings(library, slot, index, readPin(file), "file " + file);
    }

    private static long number(String text, String key) {
        try {
            return Long.decode(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, not '" + text + "'");
        }
    }

    private static char[] readPin(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new KeyCustodyException("PKCS#11 PIN file " + file + " does not exist");
        }
        FileModes.requirePrivate(file, "PKCS#11 PIN file", false);
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip().toCharArray();
        } catch (IOException e) {
            throw new KeyCustodyException("cannot read PKCS#11 PIN file " + file + ": " + e.getClass().getSimpleName());
        }
    }

    public Path library() {
        return library;
    }

    /** The SunPKCS11 configuration line choosing the slot (index 0, the first slot with a token, by default). */
    String slotLine() {
        if (slot.isPresent()) {
            return "slot = " + slot.getAsLong();
        }
        return "slotListIndex = " + slotIndex.orElse(0);
    }

    char[] pin() {
        return pin.clone();
    }

    String pinOrigin() {
        return pinOrigin;
    }

    /** For messages: the module and slot, never the PIN. */
    @Override
    public String toString() {
        return "PKCS#11 module " + library + ", " + (slot.isPresent() ? "slot " + slot.getAsLong()
                : "slot index " + slotIndex.orElse(0));
    }
}
