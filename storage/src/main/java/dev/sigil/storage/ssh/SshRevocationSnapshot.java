package dev.sigil.storage.ssh;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Everything a KRL lists, read consistently at one {@link KrlState#version()}.
 *
 * @param state       the version the lists belong to
 * @param serials     revoked certificates that have not expired before the horizon
 * @param keyIds      revoked key ids per CA
 * @param revokedKeys public keys revoked outright (SSH wire blobs)
 */
public record SshRevocationSnapshot(KrlState state, List<RevokedSerial> serials, List<RevokedKeyId> keyIds,
                                    List<byte[]> revokedKeys) {

    public SshRevocationSnapshot {
        Objects.requireNonNull(state, "state");
        serials = List.copyOf(serials);
        keyIds = List.copyOf(keyIds);
        revokedKeys = revokedKeys.stream().map(byte[]::clone).toList();
    }

    /** A revoked certificate's serial under the CA (by fingerprint) that signed it. */
    public record RevokedSerial(SshCaType caType, String caFingerprint, long serial) {
    }

    /** A key id revoked under one CA. */
    public record RevokedKeyId(SshCaType caType, String keyId) {
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SshRevocationSnapshot s && state.equals(s.state) && serials.equals(s.serials)
                && keyIds.equals(s.keyIds) && revokedKeys.size() == s.revokedKeys.size()
                && java.util.stream.IntStream.range(0, revokedKeys.size())
                .allMatch(i -> Arrays.equals(revokedKeys.get(i), s.revokedKeys.get(i)));
    }

    @Override
    public int hashCode() {
        return Objects.hash(state, serials, keyIds, revokedKeys.size());
    }
}
