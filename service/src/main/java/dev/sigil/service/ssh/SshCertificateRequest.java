package dev.sigil.service.ssh;

import dev.sigil.service.error.SigilException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What an OpenSSH certificate says, validated: everything but the nonce, the CA key and the signature. Build one with
 * {@link #user(SshPublicKey)} or {@link #host(SshPublicKey)}.
 *
 * @param type            user or host
 * @param subjectKey      the key being certified
 * @param serial          the serial, read as an unsigned 64-bit number; never 0, which a KRL cannot revoke
 * @param keyId           the identity logged by sshd and revocable in a KRL
 * @param principals      user names or host names the certificate is valid for; at least one
 * @param validAfter      start of validity (whole seconds are kept)
 * @param validBefore     end of validity, exclusive; {@link #FOREVER} for none
 * @param criticalOptions user certificates only
 * @param extensions      user certificates only
 */
public record SshCertificateRequest(SshCertificateType type, SshPublicKey subjectKey, long serial, String keyId,
                                    List<String> principals, Instant validAfter, Instant validBefore,
                                    SshCriticalOptions criticalOptions, Set<SshExtension> extensions) {

    /** OpenSSH's own limit (SSHKEY_CERT_MAX_PRINCIPALS); sshd refuses certificates with more. */
    public static final int MAX_PRINCIPALS = 256;
    /** Longest key id accepted. */
    public static final int MAX_KEY_ID_CHARS = 1024;
    /** Longest principal accepted (a DNS name is at most 253). */
    public static final int MAX_PRINCIPAL_CHARS = 255;
    /** {@code valid before} meaning "no expiry": encoded as the largest uint64, which {@code ssh-keygen -L} shows as "forever". */
    public static final Instant FOREVER = Instant.MAX;
    /** The extensions {@code ssh-keygen} and step-ca grant a user certificate unless told otherwise. */
    public static final Set<SshExtension> DEFAULT_USER_EXTENSIONS = Set.copyOf(EnumSet.of(SshExtension.PERMIT_X11_FORWARDING,
            SshExtension.PERMIT_AGENT_FORWARDING, SshExtension.PERMIT_PORT_FORWARDING, SshExtension.PERMIT_PTY,
            SshExtension.PERMIT_USER_RC));

    public SshCertificateRequest {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subjectKey, "subjectKey");
        Objects.requireNonNull(validAfter, "validAfter");
        Objects.requireNonNull(validBefore, "validBefore");
        Objects.requireNonNull(criticalOptions, "criticalOptions");
        extensions = extensions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(extensions));
        principals = List.copyOf(principals);
        if (serial == 0) {
            throw SigilException.policy("SSH certificate serial 0 is not allowed: a KRL cannot revoke it");
        }
        if (keyId == null || keyId.isEmpty() || keyId.length() > MAX_KEY_ID_CHARS || hasControl(keyId)) {
            throw SigilException.malformed("SSH certificate key id must be 1 to " + MAX_KEY_ID_CHARS
                    + " characters without control characters");
        }
        if (principals.isEmpty()) {
            // An empty list means "any principal" to sshd: a user certificate valid for every account.
            throw SigilException.policy("SSH certificate needs at least one principal (none would mean any "
                    + (type == SshCertificateType.USER ? "user" : "host") + ")");
        }
        if (principals.size() > MAX_PRINCIPALS) {
            throw SigilException.policy("SSH certificate has " + principals.size() + " principals; at most " + MAX_PRINCIPALS);
        }
        Set<String> seen = new HashSet<>();
        for (String p : principals) {
            if (p.isEmpty() || p.length() > MAX_PRINCIPAL_CHARS || hasControl(p) || p.indexOf(',') >= 0
                    || p.chars().anyMatch(Character::isWhitespace)) {
                throw SigilException.malformed("SSH principal '" + p + "' must be 1 to " + MAX_PRINCIPAL_CHARS
                        + " characters without spaces, commas or control characters");
            }
            if (!seen.add(p)) {
                throw SigilException.malformed("SSH principal '" + p + "' is listed twice");
            }
        }
        if (validAfter.getEpochSecond() < 0) {
            throw SigilException.malformed("SSH certificate validity cannot start before 1970");
        }
        if (!validBefore.isAfter(validAfter)) {
            throw SigilException.malformed("SSH certificate validity must end after it starts");
        }
        if (type == SshCertificateType.HOST && (!criticalOptions.isEmpty() || !extensions.isEmpty())) {
            throw SigilException.policy("SSH host certificates carry no critical options or extensions");
        }
    }

    /** Starts a user certificate for this key. */
    public static Builder user(SshPublicKey subjectKey) {
        return new Builder(SshCertificateType.USER, subjectKey);
    }

    /** Starts a host certificate for this key. */
    public static Builder host(SshPublicKey subjectKey) {
        return new Builder(SshCertificateType.HOST, subjectKey);
    }

    /** {@code valid after} as the uint64 on the wire. */
    long validAfterSeconds() {
        return validAfter.getEpochSecond();
    }

    /** {@code valid before} as the uint64 on the wire (all ones for {@link #FOREVER}). */
    long validBeforeSeconds() {
        return validBefore.equals(FOREVER) ? -1L : validBefore.getEpochSecond();
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }

    /** A fluent builder; {@link #build()} validates. */
    public static final class Builder {
        private final SshCertificateType type;
        private final SshPublicKey subjectKey;
        private long serial;
        private String keyId;
        private final List<String> principals = new ArrayList<>();
        private Instant validAfter;
        private Instant validBefore;
        private SshCriticalOptions criticalOptions = SshCriticalOptions.NONE;
        private final Set<SshExtension> extensions = EnumSet.noneOf(SshExtension.class);

        private Builder(SshCertificateType type, SshPublicKey subjectKey) {
            this.type = type;
            this.subjectKey = subjectKey;
        }

        public Builder serial(long serial) {
            this.serial = serial;
            return this;
        }

        public Builder keyId(String keyId) {
            this.keyId = keyId;
            return this;
        }

        public Builder principals(Collection<String> names) {
            principals.addAll(names);
            return this;
        }

        public Builder principals(String... names) {
            return principals(Arrays.asList(names));
        }

        public Builder validity(Instant after, Instant before) {
            this.validAfter = after;
            this.validBefore = before;
            return this;
        }

        public Builder criticalOptions(SshCriticalOptions options) {
            this.criticalOptions = options;
            return this;
        }

        public Builder extensions(Collection<SshExtension> granted) {
            extensions.addAll(granted);
            return this;
        }

        public Builder extensions(SshExtension... granted) {
            return extensions(Arrays.asList(granted));
        }

        public SshCertificateRequest build() {
            if (validAfter == null || validBefore == null) {
                throw SigilException.malformed("SSH certificate validity is required");
            }
            return new SshCertificateRequest(type, subjectKey, serial, keyId, principals, validAfter, validBefore,
                    criticalOptions, extensions);
        }
    }
}
