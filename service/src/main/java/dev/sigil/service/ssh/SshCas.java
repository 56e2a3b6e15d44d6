package dev.sigil.service.ssh;

import dev.sigil.storage.ssh.SshCaRecord;
import dev.sigil.storage.ssh.SshCaType;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The two loaded SSH CAs (user and host), each with its signer. Built by {@link SshCaBootstrap}. */
public final class SshCas {

    /** One loaded CA. */
    public record Ca(SshCaRecord record, SshCertificateSigner signer) {
        public Ca {
            Objects.requireNonNull(record);
            Objects.requireNonNull(signer);
        }

        public SshPublicKey publicKey() {
            return signer.caPublicKey();
        }
    }

    private final Map<SshCaType, Ca> cas;

    public SshCas(Ca user, Ca host) {
        if (user.record().type() != SshCaType.USER || host.record().type() != SshCaType.HOST) {
            throw new IllegalArgumentException("the user CA, then the host CA");
        }
        Map<SshCaType, Ca> m = new EnumMap<>(SshCaType.class);
        m.put(SshCaType.USER, user);
        m.put(SshCaType.HOST, host);
        this.cas = Map.copyOf(m);
    }

    public Ca get(SshCaType type) {
        return cas.get(type);
    }

    /** The CA public key with this fingerprint, if it is one of ours. */
    public Optional<SshPublicKey> byFingerprint(String fingerprint) {
        return cas.values().stream().map(Ca::publicKey).filter(k -> k.fingerprint().equals(fingerprint)).findFirst();
    }

    /** Storage's CA type for a certificate type. */
    public static SshCaType caType(SshCertificateType type) {
        return type == SshCertificateType.USER ? SshCaType.USER : SshCaType.HOST;
    }
}
