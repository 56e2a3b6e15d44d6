package dev.sigil.storage.webhook;

import dev.sigil.storage.certificate.San;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A valid certificate about to expire, as an expiry notice describes it. */
public record ExpiringCertificate(String issuerId, String serial, String subjectDn, List<San> sans,
                                  Optional<String> owner, String profile, Instant notAfter) {

    public ExpiringCertificate {
        Objects.requireNonNull(issuerId, "issuerId");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(subjectDn, "subjectDn");
        sans = List.copyOf(sans);
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(notAfter, "notAfter");
    }
}
