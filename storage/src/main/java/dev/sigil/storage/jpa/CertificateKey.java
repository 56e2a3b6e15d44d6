package dev.sigil.storage.jpa;

import java.io.Serializable;

/** Primary key of certificates and revocations: a serial is unique per issuer, not globally. */
record CertificateKey(String issuerId, String serial) implements Serializable {
}
