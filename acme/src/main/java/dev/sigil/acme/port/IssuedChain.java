package dev.sigil.acme.port;

import java.util.List;
import java.util.Objects;

/**
 * A certificate the CA committed, with the chain an ACME client downloads.
 *
 * @param issuerId     the issuing CA
 * @param serial       lower-case hex serial
 * @param certificateDer the leaf, DER
 * @param chainDer     the issuing CA and its parents up to (excluding) the root, DER
 */
public record IssuedChain(String issuerId, String serial, byte[] certificateDer, List<byte[]> chainDer) {
    public IssuedChain {
        Objects.requireNonNull(issuerId);
        Objects.requireNonNull(serial);
        Objects.requireNonNull(certificateDer);
        chainDer = List.copyOf(chainDer);
    }
}
