package dev.sigil.service.ca.keys;

import dev.sigil.service.config.ConfigKeys;
import dev.sigil.service.config.SigilConfig;

import java.nio.file.Path;
import java.util.Locale;

/** Opens the key custody {@code sigil.key.custody} names: encrypted files (the default) or a PKCS#11 token. */
public final class KeyCustodies {

    private KeyCustodies() {
    }

    /**
     * @param caDir      where key files live (file custody)
     * @param passphrase the key-file passphrase (file custody)
     * @throws KeyCustodyException if the custody cannot be opened (missing module, wrong PIN, ...)
     */
    public static KeyCustody open(SigilConfig config, Path caDir, char[] passphrase) {
        String kind = config.string(ConfigKeys.KEY_CUSTODY, "file").strip().toLowerCase(Locale.ROOT);
        return switch (kind) {
            case "file" -> new EncryptedFileKeyCustody(caDir, passphrase);
            case "pkcs11" -> Pkcs11KeyCustody.open(Pkcs11Settings.from(config));
            default -> throw new IllegalArgumentException(ConfigKeys.KEY_CUSTODY + " must be file or pkcs11, not '"
                    + kind + "'");
        };
    }
}
