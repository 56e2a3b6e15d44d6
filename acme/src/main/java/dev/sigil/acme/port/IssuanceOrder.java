package dev.sigil.acme.port;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a validated ACME order asks the CA to sign.
 *
 * @param csrDer      the finalize request's CSR, DER
 * @param profile     the CA profile the ACME directory is bound to
 * @param identifiers the order's validated identifiers ({@code dns:name} or {@code ip:address})
 * @param notBefore   requested start, if the order named one
 * @param notAfter    requested end, if the order named one
 * @param accountId   the ACME account, recorded as the certificate's requester
 */
public record IssuanceOrder(byte[] csrDer, String profile, List<String> identifiers, Optional<Instant> notBefore,
                            Optional<Instant> notAfter, String accountId) {
    public IssuanceOrder {
        Objects.requireNonNull(csrDer);
        Objects.requireNonNull(profile);
        identifiers = List.copyOf(identifiers);
        if (identifiers.isEmpty()) {
            throw new IllegalArgumentException("an order has at least one identifier");
        }
        Objects.requireNonNull(notBefore);
        Objects.requireNonNull(notAfter);
        Objects.requireNonNull(accountId);
    }
}
