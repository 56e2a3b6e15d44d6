package dev.sigil.service.acme;

import dev.sigil.service.error.ErrorKind;
import dev.sigil.service.error.SigilException;
import dev.sigil.storage.StorageException;
import dev.sigil.storage.acme.AcmeStore;
import dev.sigil.storage.acme.EabKey;
import dev.sigil.storage.audit.AuditEvent;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * External Account Binding keys (RFC 8555 §7.3.4) that operators hand to clients (an IoT batch, a tenant) so that
 * they may register with a directory that requires EAB. The HMAC key is shown once, at creation; afterwards only its
 * id, label and binding are visible. A key binds to one account, once (enforced by the store).
 */
public final class EabKeys {

    /** 256-bit MAC keys (HS256 needs at least that). */
    static final int KEY_BYTES = 32;
    static final int MAX_LABEL = 200;

    /** A key just created: the only time its secret is available. */
    public record Created(EabKey key, String hmacKeyBase64Url) {
    }

    private final AcmeStore store;
    private final Map<String, AcmeDirectoryConfig> directories;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public EabKeys(AcmeStore store, Map<String, AcmeDirectoryConfig> directories, Clock clock) {
        this.store = store;
        this.directories = directories;
        this.clock = clock;
    }

    public Created create(String directory, Optional<String> label, String actor) {
        requireDirectory(directory);
        String cleanLabel = label.map(String::strip).orElse("");
        if (cleanLabel.length() > MAX_LABEL) {
            throw SigilException.malformed("label is at most " + MAX_LABEL + " characters");
        }
        byte[] secret = new byte[KEY_BYTES];
        random.nextBytes(secret);
        byte[] idBytes = new byte[16];
        random.nextBytes(idBytes);
        String keyId = "eab_" + b64(idBytes);
        Instant now = clock.instant();
        EabKey key = new EabKey(keyId, directory, cleanLabel, secret, now, Optional.empty(), Optional.empty());
        try {
            store.addEabKey(key, AuditEvent.success(now, actor, "acme.eab.create", directory + "/" + keyId,
                    cleanLabel.isEmpty() ? "" : "label=" + cleanLabel));
        } catch (StorageException e) {
            throw new SigilException(e.kind() == StorageException.Kind.UNAVAILABLE ? ErrorKind.UNAVAILABLE
                    : ErrorKind.INTERNAL, "the EAB key could not be stored; none was created", e);
        }
        return new Created(key, b64(secret));
    }

    public List<EabKey> list(String directory) {
        requireDirectory(directory);
        return store.eabKeys(directory);
    }

    private void requireDirectory(String directory) {
        if (!directories.containsKey(directory)) {
            throw SigilException.notFound("no ACME directory '" + directory + "' (configured: "
                    + String.join(", ", directories.keySet()) + ")");
        }
    }

    private static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
