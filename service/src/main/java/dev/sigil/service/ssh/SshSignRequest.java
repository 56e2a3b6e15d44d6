package dev.sigil.service.ssh;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A request to sign an SSH certificate, as the admin API receives it (still to be checked against policy).
 *
 * @param subjectKey      the key to certify: the client's public key, or a key pair Sigil generates
 * @param type            user or host
 * @param keyId           the key id; empty for the default ({@code <caller>:<first principal>})
 * @param principals      user or host names
 * @param ttl             lifetime; empty for the policy default
 * @param criticalOptions user certificates only
 * @param extensions      user certificates only; empty for the policy default (an empty list grants none)
 * @param policy          the SSH policy to sign under; empty for the built-in policy of the type
 */
public record SshSignRequest(SubjectKey subjectKey, SshCertificateType type, Optional<String> keyId,
                             List<String> principals, Optional<Duration> ttl, SshCriticalOptions criticalOptions,
                             Optional<List<SshExtension>> extensions, Optional<String> policy) {

    /** The key a certificate is for. */
    public sealed interface SubjectKey {
    }

    /**
     * A public key the client holds the private half of.
     *
     * @param line an authorized_keys line ({@code ssh-ed25519 AAAA... comment})
     */
    public record ClientKey(String line) implements SubjectKey {
        public ClientKey {
            Objects.requireNonNull(line, "line");
        }
    }

    /** A key pair Sigil generates, certifies and returns with the certificate (and never keeps). */
    public record NewKey(SshGeneratedKeyType type) implements SubjectKey {
        public NewKey {
            Objects.requireNonNull(type, "type");
        }
    }

    public SshSignRequest {
        Objects.requireNonNull(subjectKey, "subjectKey");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(keyId, "keyId");
        principals = List.copyOf(principals);
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(criticalOptions, "criticalOptions");
        extensions = extensions.map(List::copyOf);
        Objects.requireNonNull(policy, "policy");
    }

    /** A request under the built-in policy of its type. */
    public SshSignRequest(SubjectKey subjectKey, SshCertificateType type, Optional<String> keyId,
                          List<String> principals, Optional<Duration> ttl, SshCriticalOptions criticalOptions,
                          Optional<List<SshExtension>> extensions) {
        this(subjectKey, type, keyId, principals, ttl, criticalOptions, extensions, Optional.empty());
    }

    /** A user certificate request for the client's {@code publicKey}, with policy defaults but the principals. */
    public static SshSignRequest user(String publicKey, String... principals) {
        return user(new ClientKey(publicKey), principals);
    }

    /** A host certificate request for the client's {@code publicKey}, with policy defaults but the principals. */
    public static SshSignRequest host(String publicKey, String... principals) {
        return host(new ClientKey(publicKey), principals);
    }

    /** A user certificate request with policy defaults for everything but the key and the principals. */
    public static SshSignRequest user(SubjectKey key, String... principals) {
        return new SshSignRequest(key, SshCertificateType.USER, Optional.empty(), List.of(principals),
                Optional.empty(), SshCriticalOptions.NONE, Optional.empty());
    }

    /** A host certificate request with policy defaults for everything but the key and the principals. */
    public static SshSignRequest host(SubjectKey key, String... principals) {
        return new SshSignRequest(key, SshCertificateType.HOST, Optional.empty(), List.of(principals),
                Optional.empty(), SshCriticalOptions.NONE, Optional.empty());
    }

    public SshSignRequest withKeyId(String id) {
        return new SshSignRequest(subjectKey, type, Optional.of(id), principals, ttl, criticalOptions, extensions,
                policy);
    }

    public SshSignRequest withTtl(Duration lifetime) {
        return new SshSignRequest(subjectKey, type, keyId, principals, Optional.of(lifetime), criticalOptions,
                extensions, policy);
    }

    public SshSignRequest withCriticalOptions(SshCriticalOptions options) {
        return new SshSignRequest(subjectKey, type, keyId, principals, ttl, options, extensions, policy);
    }

    public SshSignRequest withExtensions(List<SshExtension> granted) {
        return new SshSignRequest(subjectKey, type, keyId, principals, ttl, criticalOptions, Optional.of(granted),
                policy);
    }

    /** The same request under the named SSH policy. */
    public SshSignRequest withPolicy(String name) {
        return new SshSignRequest(subjectKey, type, keyId, principals, ttl, criticalOptions, extensions,
                Optional.of(name));
    }
}
