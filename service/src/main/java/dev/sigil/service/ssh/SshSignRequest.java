package dev.sigil.service.ssh;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A request to sign an SSH certificate, as the admin API receives it (still to be checked against policy).
 *
 * @param publicKey       the subject key as an authorized_keys line ({@code ssh-ed25519 AAAA... comment})
 * @param type            user or host
 * @param keyId           the key id; empty for the default ({@code <caller>:<first principal>})
 * @param principals      user or host names
 * @param ttl             lifetime; empty for the policy default
 * @param criticalOptions user certificates only
 * @param extensions      user certificates only; empty for the policy default (an empty list grants none)
 */
public record SshSignRequest(String publicKey, SshCertificateType type, Optional<String> keyId, List<String> principals,
                             Optional<Duration> ttl, SshCriticalOptions criticalOptions,
                             Optional<List<SshExtension>> extensions) {

    public SshSignRequest {
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(keyId, "keyId");
        principals = List.copyOf(principals);
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(criticalOptions, "criticalOptions");
        extensions = extensions.map(List::copyOf);
    }

    /** A user certificate request with policy defaults for everything but the principals. */
    public static SshSignRequest user(String publicKey, String... principals) {
        return new SshSignRequest(publicKey, SshCertificateType.USER, Optional.empty(), List.of(principals),
                Optional.empty(), SshCriticalOptions.NONE, Optional.empty());
    }

    /** A host certificate request with policy defaults for everything but the principals. */
    public static SshSignRequest host(String publicKey, String... principals) {
        return new SshSignRequest(publicKey, SshCertificateType.HOST, Optional.empty(), List.of(principals),
                Optional.empty(), SshCriticalOptions.NONE, Optional.empty());
    }

    public SshSignRequest withKeyId(String id) {
        return new SshSignRequest(publicKey, type, Optional.of(id), principals, ttl, criticalOptions, extensions);
    }

    public SshSignRequest withTtl(Duration lifetime) {
        return new SshSignRequest(publicKey, type, keyId, principals, Optional.of(lifetime), criticalOptions, extensions);
    }

    public SshSignRequest withCriticalOptions(SshCriticalOptions options) {
        return new SshSignRequest(publicKey, type, keyId, principals, ttl, options, extensions);
    }

    public SshSignRequest withExtensions(List<SshExtension> granted) {
        return new SshSignRequest(publicKey, type, keyId, principals, ttl, criticalOptions, Optional.of(granted));
    }
}
