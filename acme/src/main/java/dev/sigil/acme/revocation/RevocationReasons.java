package dev.sigil.acme.revocation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.acme.problem.AcmeProblem;
import dev.sigil.acme.problem.ProblemType;

import java.util.Set;

/**
 * The RFC 5280 §5.3.1 reason codes an ACME client may give: those that make sense for an end-entity certificate
 * revoked by its holder. cACompromise (2) and aACompromise (10) are about CAs, certificateHold (6) and
 * removeFromCRL (8) would make revocation reversible, 7 is unassigned.
 */
final class RevocationReasons {

    static final int UNSPECIFIED = 0;
    static final Set<Integer> ACCEPTED = Set.of(0, 1, 3, 4, 5, 9);

    private RevocationReasons() {
    }

    /** The "reason" member: absent is unspecified (0); not an accepted code is badRevocationReason. */
    static int parse(JsonNode payload) {
        JsonNode reason = payload.get("reason");
        if (reason == null || reason.isNull()) {
            return UNSPECIFIED;
        }
        if (!reason.isIntegralNumber() || !reason.canConvertToInt() || !ACCEPTED.contains(reason.intValue())) {
            throw new AcmeProblem(ProblemType.BAD_REVOCATION_REASON, "revocation reason must be one of 0 "
                    + "(unspecified), 1 (keyCompromise), 3 (affiliationChanged), 4 (superseded), "
                    + "5 (cessationOfOperation), 9 (privilegeWithdrawn)");
        }
        return reason.intValue();
    }
}
