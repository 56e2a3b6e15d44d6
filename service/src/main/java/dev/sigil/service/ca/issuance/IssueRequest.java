package dev.sigil.service.ca.issuance;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A request to issue from a CSR.
 *
 * @param csrPem  the PKCS#10 request, PEM
 * @param profile profile name
 * @param ttl     requested lifetime; empty means the profile default
 * @param owner   owner to record
 * @param label   label to record
 */
public record IssueRequest(String csrPem, String profile, Optional<Duration> ttl, Optional<String> owner,
                           Optional<String> label) {

    /** Longest owner or label stored. */
    public static final int MAX_TEXT = 200;

    public IssueRequest {
        Objects.requireNonNull(csrPem);
        Objects.requireNonNull(profile);
        Objects.requireNonNull(ttl);
        owner = Objects.requireNonNull(owner).map(String::strip).filter(s -> !s.isEmpty());
        label = Objects.requireNonNull(label).map(String::strip).filter(s -> !s.isEmpty());
        if (owner.map(String::length).orElse(0) > MAX_TEXT || label.map(String::length).orElse(0) > MAX_TEXT) {
            throw new IllegalArgumentException("owner and label are at most " + MAX_TEXT + " characters");
        }
    }
}
