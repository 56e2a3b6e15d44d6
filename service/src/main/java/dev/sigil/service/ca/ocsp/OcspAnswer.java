package dev.sigil.service.ca.ocsp;

import org.bouncycastle.cert.ocsp.OCSPRespBuilder;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A DER OCSPResponse ready to send, with the times HTTP caching headers are derived from.
 *
 * @param der        the OCSPResponse
 * @param status     the OCSPResponseStatus (0 successful, 1 malformedRequest, 2 internalError, 3 tryLater, ...)
 * @param thisUpdate the thisUpdate (= producedAt) of a successful response
 * @param nextUpdate the nextUpdate of a successful response
 */
public record OcspAnswer(byte[] der, int status, Optional<Instant> thisUpdate, Optional<Instant> nextUpdate) {

    public OcspAnswer {
        Objects.requireNonNull(der);
        if ((status == OCSPRespBuilder.SUCCESSFUL) != (thisUpdate.isPresent() && nextUpdate.isPresent())) {
            throw new IllegalArgumentException("a successful answer has thisUpdate and nextUpdate, an error has neither");
        }
    }

    public boolean successful() {
        return status == OCSPRespBuilder.SUCCESSFUL;
    }
}
