package dev.sigil.service.ssh;

import dev.sigil.service.auth.Role;
import dev.sigil.service.error.ErrorKind;
import dev.sigil.service.error.SigilException;
import dev.sigil.service.metrics.SigilMetrics;
import dev.sigil.storage.SshKeyBlockedException;
import dev.sigil.storage.StorageException;
import dev.sigil.storage.audit.AuditEvent;
import dev.sigil.storage.ledger.Ledger;
import dev.sigil.storage.ssh.SshCaType;
import dev.sigil.storage.ssh.SshCertificateQuery;
import dev.sigil.storage.ssh.SshCertificateRecord;
import dev.sigil.storage.ssh.SshCertificateStatus;
import dev.sigil.storage.ssh.SshRevocation;
import dev.sigil.storage.ssh.SshRevocationResult;
import dev.sigil.storage.ssh.SshStore;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The SSH CA: signs user and host certificates under {@link SshPolicy}, keeps the inventory, and revokes by serial,
 * key id or public key. A certificate is committed to the inventory (with its audit record) before it is returned; a
 * revocation is committed, with a new KRL version, before it is acknowledged. Refusals are audited as denied.
 */
public final class SshService {

    /** validAfter lies this far in the past, so that clients with a slightly slow clock accept a fresh certificate. */
    static final Duration BACKDATE = Duration.ofMinutes(1);
    /** Fresh serials tried when one collides with an existing certificate (2^-64 per attempt). */
    static final int SERIAL_ATTEMPTS = 3;
    /** Longest key id stored (the column size; OpenSSH allows more, nobody needs it). */
    public static final int MAX_KEY_ID_CHARS = 255;
    /** Longest revocation reason. */
    public static final int MAX_REASON_CHARS = 255;
    /** The reason recorded when none is given. */
    public static final String DEFAULT_REASON = "unspecified";

    /**
     * A signed, recorded certificate; for a {@link SshSignRequest.NewKey} request also the key pair Sigil generated.
     *
     * @param generatedKey present only when Sigil generated the key; it exists nowhere else (not stored, not audited)
     */
    public record Issued(SshCertificateRecord record, SshCertificate certificate, Optional<GeneratedKey> generatedKey) {
        public Issued {
            Objects.requireNonNull(record, "record");
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(generatedKey, "generatedKey");
        }
    }

    /**
     * A key pair generated for the client.
     *
     * @param type       what was asked for
     * @param publicKey  the public key as an authorized_keys line, commented with the key id
     * @param privateKey the OpenSSH private key file (unencrypted; the key id as its comment)
     */
    public record GeneratedKey(SshGeneratedKeyType type, String publicKey, String privateKey) {
        public GeneratedKey {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(publicKey, "publicKey");
            Objects.requireNonNull(privateKey, "privateKey");
        }

        /** Never the private key: records print their fields, and this one may end up in a log or an assertion. */
        @Override
        public String toString() {
            return "GeneratedKey[" + type.apiName() + " " + publicKey + "]";
        }
    }

    /**
     * A request decided under policy (everything but the serial), the policy that decided it, and the key pair
     * generated for it, if any.
     */
    private record Prepared(SshCertificateRequest request, String policy, Optional<NewPair> newKey) {
    }

    private record NewPair(SshGeneratedKeyType type, KeyPair pair) {
    }

    /** A committed revocation: what kind, how many inventory certificates it marked, and the KRL version listing it. */
    public record Revoked(String kind, int certificates, long krlVersion) {
    }

    private final SshCas cas;
    private final SshPolicy policy;
    private final SshStore store;
    private final Ledger ledger;
    private final SigilMetrics metrics;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public SshService(SshCas cas, SshPolicy policy, SshStore store, Ledger ledger, SigilMetrics metrics, Clock clock) {
        this.cas = cas;
        this.policy = policy;
        this.store = store;
        this.ledger = ledger;
        this.metrics = metrics;
        this.clock = clock;
    }

    public SshCas cas() {
        return cas;
    }

    /** The SSH policies requests may name. */
    public SshPolicy policies() {
        return policy;
    }

    /** {@link #sign(SshSignRequest, String, Role)} for an operator token. */
    public Issued sign(SshSignRequest request, String actor) {
        return sign(request, actor, Role.OPERATOR);
    }

    /**
     * Checks the request against its policy (the one it names, else the built-in one of its type), signs with the CA
     * of its type, records the certificate, and returns it.
     *
     * @param actor the calling token's name (the audit actor, and {@code ${token}} in principal patterns)
     * @param role  the calling token's role, checked against the policy's roles
     * @throws SigilException MALFORMED or POLICY for the client's mistakes, FORBIDDEN for a policy not open to
     *                        {@code role} (all audited as denied); UNAVAILABLE if the inventory did not commit (then
     *                        nothing was issued)
     */
    public Issued sign(SshSignRequest request, String actor, Role role) {
        Instant now = clock.instant();
        SshCaType caType = SshCas.caType(request.type());
        Prepared prepared;
        try {
            prepared = prepare(request, caType, actor, role, now);
        } catch (SigilException e) {
            refused(e, request, actor, now);
            throw e;
        }
        // Encoded before anything is committed: a key that could not be handed out must not be certified.
        Optional<GeneratedKey> generated = prepared.newKey().map(pair -> generatedKey(prepared.request(), pair));
        SshCas.Ca ca = cas.get(caType);
        for (int attempt = 1; ; attempt++) {
            SshCertificateRequest withSerial = withSerial(prepared.request(), nextSerial());
            SshCertificate certificate = ca.signer().sign(withSerial);
            SshCertificateRecord record = record(certificate, caType, ca, actor, now);
            try {
                store.recordIssuance(record, AuditEvent.success(now, actor, "ssh.certificate.issue",
                        target(record.serial()), details(record, prepared, generated)));
                metrics.sshIssued(caType.wireName());
                return new Issued(record, certificate, generated);
            } catch (SshKeyBlockedException e) {
                // Checked where the certificate would have been recorded, atomically with revocations (one query
                // per group-committed batch): the signed certificate is dropped, never handed out.
                SigilException refusal = blocked(e.block(), record);
                refused(refusal, request, actor, now);
                throw refusal;
            } catch (StorageException e) {
                if (e.kind() == StorageException.Kind.CONFLICT && attempt < SERIAL_ATTEMPTS) {
                    continue; // a serial collision: sign again with another one
                }
                throw new SigilException(e.kind() == StorageException.Kind.UNAVAILABLE ? ErrorKind.UNAVAILABLE
                        : ErrorKind.INTERNAL, "the SSH certificate could not be recorded in the inventory; nothing was"
                        + " issued", e);
            }
        }
    }

    private static SigilException blocked(SshStore.Block block, SshCertificateRecord r) {
        return block == SshStore.Block.PUBLIC_KEY
                ? SigilException.policy("this key is revoked (" + r.fingerprint() + "); use a new key")
                : SigilException.policy("key id '" + r.keyId() + "' is revoked for " + r.caType().wireName()
                        + " certificates");
    }

    /**
     * Everything but the serial, decided under policy. A key pair asked for is generated only once every other rule
     * has passed (an RSA key takes a while), but its type is checked first, like a client key's.
     */
    private Prepared prepare(SshSignRequest r, SshCaType caType, String actor, Role role, Instant now) {
        SshPolicy.Rules rules = policy.policy(r.policy(), caType);
        rules.checkRole(role);
        Optional<SshPublicKey> clientKey = r.subjectKey() instanceof SshSignRequest.ClientKey c
                ? Optional.of(SshPublicKeys.parse(c.line())) : Optional.empty();
        Optional<SshGeneratedKeyType> newKeyType = r.subjectKey() instanceof SshSignRequest.NewKey n
                ? Optional.of(n.type()) : Optional.empty();
        rules.checkKeyType(clientKey.map(SshPublicKey::type).orElseGet(() -> newKeyType.orElseThrow().sshKeyType()));
        if (r.principals().isEmpty()) {
            throw SigilException.policy("at least one principal is required (none would mean any "
                    + caType.wireName() + ")");
        }
        for (String p : r.principals()) {
            rules.checkPrincipal(p, actor);
        }
        Duration ttl = rules.ttl(r.ttl());
        Set<SshExtension> extensions = rules.extensions(r.extensions());
        if (caType == SshCaType.HOST && (!r.criticalOptions().isEmpty() || !extensions.isEmpty())) {
            throw SigilException.policy("host certificates carry no critical options or extensions");
        }
        rules.checkCriticalOptions(r.criticalOptions());
        String keyId = r.keyId().orElse(actor + ":" + r.principals().getFirst());
        if (keyId.length() > MAX_KEY_ID_CHARS) {
            throw SigilException.malformed("keyId must be at most " + MAX_KEY_ID_CHARS + " characters");
        }
        Optional<NewPair> newKey = newKeyType.map(t -> new NewPair(t, t.generate()));
        SshPublicKey key = clientKey.orElseGet(() -> SshPublicKeys.fromJca(newKey.orElseThrow().pair().getPublic()));
        // Serial 1 stands in until the real one is drawn; the builder validates everything else now.
        SshCertificateRequest.Builder b = (caType == SshCaType.USER ? SshCertificateRequest.user(key) : SshCertificateRequest.host(key))
                .serial(1).keyId(keyId).principals(r.principals())
                .validity(now.minus(BACKDATE), now.plus(ttl))
                .criticalOptions(r.criticalOptions())
                .extensions(extensions);
        return new Prepared(b.build(), rules.name(), newKey);
    }

    private static GeneratedKey generatedKey(SshCertificateRequest prepared, NewPair generated) {
        // The key id as comment, the way ssh-keygen comments a key with user@host; left off the public key line if
        // it would break the line.
        String id = prepared.keyId();
        boolean oneLine = id.chars().noneMatch(ch -> ch < 0x20 || ch == 0x7f);
        return new GeneratedKey(generated.type(), prepared.subjectKey().toOpenSsh() + (oneLine ? " " + id : ""),
                SshPrivateKeys.toOpenSsh(generated.pair(), id));
    }

    private static SshCertificateRequest withSerial(SshCertificateRequest r, long serial) {
        return new SshCertificateRequest(r.type(), r.subjectKey(), serial, r.keyId(), r.principals(), r.validAfter(),
                r.validBefore(), r.criticalOptions(), r.extensions());
    }

    private long nextSerial() {
        long s;
        do {
            s = random.nextLong();
        } while (s == 0);
        return s;
    }

    private static SshCertificateRecord record(SshCertificate c, SshCaType caType, SshCas.Ca ca, String actor, Instant now) {
        SshCertificateRequest r = c.request();
        // Stored validity is what the certificate says: whole seconds.
        return new SshCertificateRecord(r.serial(), caType, ca.publicKey().fingerprint(), r.keyId(),
                r.subjectKey().type().wireName(), r.subjectKey().fingerprint(), r.principals(),
                Instant.ofEpochSecond(r.validAfter().getEpochSecond()), Instant.ofEpochSecond(r.validBefore().getEpochSecond()),
                SshCertificateStatus.VALID, Optional.empty(), Optional.empty(), now, actor, c.blob());
    }

    /** What the audit record says: the public facts only (for a generated key, that Sigil generated it). */
    private static String details(SshCertificateRecord r, Prepared prepared, Optional<GeneratedKey> generated) {
        SshCertificateRequest request = prepared.request();
        return "type=" + r.caType().wireName() + " policy=" + prepared.policy() + " keyId=" + r.keyId()
                + " principals=" + r.principals() + " key="
                + r.fingerprint() + generated.map(g -> " generatedKey=" + g.type().apiName()).orElse("")
                + " validBefore=" + r.validBefore() + " extensions="
                + request.extensions().stream().map(SshExtension::wireName).sorted().toList()
                + (request.criticalOptions().isEmpty() ? "" : " criticalOptions=" + request.criticalOptions());
    }

    private void refused(SigilException e, SshSignRequest r, String actor, Instant now) {
        metrics.sshRefused(e.kind().name().toLowerCase(Locale.ROOT));
        try {
            ledger.audit(new AuditEvent(now, actor, "ssh.certificate.issue", "", "denied", "type="
                    + r.type().name().toLowerCase(Locale.ROOT) + r.policy().map(p -> " policy=" + p).orElse("")
                    + " principals=" + r.principals() + ": " + e.getMessage()));
        } catch (RuntimeException ignored) {
            // The refusal stands whether or not it could be audited.
        }
    }

    /** @throws SigilException MALFORMED for a serial that is not an unsigned 64-bit decimal, NOT_FOUND if unknown */
    public SshCertificateRecord find(String serial) {
        long s = parseSerial(serial);
        return store.find(s).orElseThrow(() -> SigilException.notFound("no SSH certificate with serial " + serial));
    }

    public List<SshCertificateRecord> search(SshCertificateQuery query) {
        return store.search(query);
    }

    /** @throws SigilException NOT_FOUND for an unknown serial, CONFLICT if it is already revoked */
    public Revoked revokeSerial(String serial, Optional<String> reason, String actor) {
        long s = parseSerial(serial);
        SshRevocation r = revocation(reason, actor);
        try {
            SshRevocationResult result = store.revokeSerial(s, r, event(actor, "ssh.certificate.revoke", target(s), r));
            return revoked("serial", result);
        } catch (StorageException e) {
            throw switch (e.kind()) {
                case NOT_FOUND -> SigilException.notFound("no SSH certificate with serial " + Long.toUnsignedString(s));
                case CONFLICT -> SigilException.conflict("SSH certificate " + Long.toUnsignedString(s) + " is already revoked");
                case UNAVAILABLE -> unavailable(e);
            };
        }
    }

    /** Revokes a key id under the CA of {@code type}: its certificates now and any later (Sigil refuses to sign it). */
    public Revoked revokeKeyId(SshCaType type, String keyId, Optional<String> reason, String actor) {
        if (keyId == null || keyId.isEmpty() || keyId.length() > MAX_KEY_ID_CHARS || keyId.indexOf('\0') >= 0) {
            throw SigilException.malformed("keyId must be 1 to " + MAX_KEY_ID_CHARS + " characters");
        }
        SshRevocation r = revocation(reason, actor);
        String target = "ssh-" + type.wireName() + "-keyid/" + keyId;
        try {
            SshRevocationResult result = store.revokeKeyId(type, keyId, r, event(actor, "ssh.keyid.revoke",
                    target.length() > 255 ? target.substring(0, 255) : target, r));
            return revoked("keyId", result);
        } catch (StorageException e) {
            if (e.kind() == StorageException.Kind.CONFLICT) {
                throw SigilException.conflict("key id '" + keyId + "' is already revoked for " + type.wireName()
                        + " certificates");
            }
            throw e.kind() == StorageException.Kind.UNAVAILABLE ? unavailable(e) : e;
        }
    }

    /** Revokes a public key outright (an authorized_keys line): all its certificates, and Sigil signs no new one. */
    public Revoked revokePublicKey(String line, Optional<String> reason, String actor) {
        SshPublicKey key = SshPublicKeys.parse(line);
        SshRevocation r = revocation(reason, actor);
        try {
            SshRevocationResult result = store.revokePublicKey(key.fingerprint(), key.type().wireName(), key.blob(), r,
                    event(actor, "ssh.key.revoke", key.fingerprint(), r));
            return revoked("publicKey", result);
        } catch (StorageException e) {
            if (e.kind() == StorageException.Kind.CONFLICT) {
                throw SigilException.conflict("this key is already revoked (" + key.fingerprint() + ")");
            }
            throw e.kind() == StorageException.Kind.UNAVAILABLE ? unavailable(e) : e;
        }
    }

    private Revoked revoked(String kind, SshRevocationResult result) {
        metrics.sshRevoked(kind);
        return new Revoked(kind, result.certificatesMarked(), result.krlVersion());
    }

    private SshRevocation revocation(Optional<String> reason, String actor) {
        String text = reason.map(String::strip).filter(s -> !s.isEmpty()).orElse(DEFAULT_REASON);
        if (text.length() > MAX_REASON_CHARS || text.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw SigilException.malformed("reason must be at most " + MAX_REASON_CHARS
                    + " characters on one line");
        }
        return new SshRevocation(clock.instant(), text, actor);
    }

    private static AuditEvent event(String actor, String action, String target, SshRevocation r) {
        return AuditEvent.success(r.at(), actor, action, target, "reason=" + r.reason());
    }

    private static SigilException unavailable(StorageException e) {
        return new SigilException(ErrorKind.UNAVAILABLE, "the revocation could not be recorded; nothing was revoked", e);
    }

    /** The audit target of a certificate: {@code ssh/<unsigned serial>}. */
    static String target(long serial) {
        return "ssh/" + Long.toUnsignedString(serial);
    }

    /** Parses an unsigned 64-bit decimal serial, as {@code ssh-keygen -L} prints it. */
    public static long parseSerial(String text) {
        try {
            if (text == null || text.isEmpty() || text.length() > 20 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new NumberFormatException();
            }
            long s = Long.parseUnsignedLong(text);
            if (s == 0) {
                throw new NumberFormatException();
            }
            return s;
        } catch (NumberFormatException e) {
            throw SigilException.malformed("serial must be an unsigned decimal number from 1 to 18446744073709551615");
        }
    }
}
