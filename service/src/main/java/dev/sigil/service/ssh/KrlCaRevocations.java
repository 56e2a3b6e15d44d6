package dev.sigil.service.ssh;

import dev.sigil.service.error.SigilException;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The certificates one CA revokes, by serial and by key id, for a {@link Krl}. A section without a CA key
 * ({@link #anyCa}) revokes key ids whoever signed them; serials always need their CA.
 *
 * @param ca      the issuing CA, or empty for "any CA" (key ids only)
 * @param serials revoked serials, read as unsigned 64-bit numbers, in any order, duplicates allowed; never 0
 * @param keyIds  revoked key ids, in any order
 */
public record KrlCaRevocations(Optional<SshPublicKey> ca, long[] serials, List<String> keyIds) {

    public KrlCaRevocations {
        Objects.requireNonNull(ca, "ca");
        serials = Objects.requireNonNull(serials, "serials").clone();
        keyIds = List.copyOf(keyIds);
        if (ca.isEmpty() && serials.length > 0) {
            throw SigilException.malformed("KRL: revoking serials needs the CA key that issued them");
        }
        for (long s : serials) {
            if (s == 0) {
                // OpenSSH ignores serial 0 when checking and refuses it in a KRL.
                throw SigilException.malformed("KRL: serial 0 cannot be revoked; revoke the key id instead");
            }
        }
        for (String id : keyIds) {
            if (id.isEmpty() || id.indexOf('\0') >= 0) {
                throw SigilException.malformed("KRL: key ids must be non-empty and contain no NUL");
            }
        }
    }

    /** Revocations under one CA. */
    public static KrlCaRevocations forCa(SshPublicKey ca, long[] serials, List<String> keyIds) {
        return new KrlCaRevocations(Optional.of(ca), serials, keyIds);
    }

    /** Key ids revoked whichever CA signed them. */
    public static KrlCaRevocations anyCa(List<String> keyIds) {
        return new KrlCaRevocations(Optional.empty(), new long[0], keyIds);
    }

    /** The serials (a copy). */
    @Override
    public long[] serials() {
        return serials.clone();
    }

    long[] serialsRef() {
        return serials;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KrlCaRevocations other && ca.equals(other.ca) && Arrays.equals(serials, other.serials)
                && keyIds.equals(other.keyIds);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ca, Arrays.hashCode(serials), keyIds);
    }

    @Override
    public String toString() {
        return "KrlCaRevocations[ca=" + ca.map(SshPublicKey::fingerprint).orElse("*") + ", serials=" + serials.length
                + ", keyIds=" + keyIds.size() + "]";
    }
}
