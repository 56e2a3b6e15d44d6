package dev.sigil.service.ca.revocation;

import dev.sigil.service.error.SigilException;

import java.util.Arrays;
import java.util.Locale;

/** RFC 5280 §5.3.1 CRLReason codes, by their RFC names. */
public enum RevocationReason {
    UNSPECIFIED(0, "unspecified"),
    KEY_COMPROMISE(1, "keyCompromise"),
    CA_COMPROMISE(2, "cACompromise"),
    AFFILIATION_CHANGED(3, "affiliationChanged"),
    SUPERSEDED(4, "superseded"),
    CESSATION_OF_OPERATION(5, "cessationOfOperation"),
    CERTIFICATE_HOLD(6, "certificateHold"),
    REMOVE_FROM_CRL(8, "removeFromCRL"),
    PRIVILEGE_WITHDRAWN(9, "privilegeWithdrawn"),
    AA_COMPROMISE(10, "aACompromise");

    private final int code;
    private final String rfcName;

    RevocationReason(int code, String rfcName) {
        this.code = code;
        this.rfcName = rfcName;
    }

    public int code() {
        return code;
    }

    public String rfcName() {
        return rfcName;
    }

    public static RevocationReason ofCode(int code) {
        return Arrays.stream(values()).filter(r -> r.code == code).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no CRLReason " + code));
    }

    /**
     * Parses a reason a client asked for: an RFC name (case-insensitive) or a code. Hold and removeFromCRL are
     * refused: a Sigil revocation is permanent, so neither has a meaning here.
     */
    public static RevocationReason parseRequested(String text) {
        if (text == null || text.isBlank()) {
            throw SigilException.malformed("a revocation reason is required (e.g. keyCompromise, superseded)");
        }
        String t = text.trim();
        RevocationReason r = null;
        if (t.matches("\\d{1,2}")) {
            int code = Integer.parseInt(t);
            r = Arrays.stream(values()).filter(v -> v.code == code).findFirst().orElse(null);
        } else {
            String norm = t.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
            for (RevocationReason v : values()) {
                if (v.rfcName.toLowerCase(Locale.ROOT).equals(norm) || v.name().replace("_", "").toLowerCase(Locale.ROOT).equals(norm)) {
                    r = v;
                }
            }
        }
        if (r == null) {
            throw SigilException.malformed("unknown revocation reason '" + text + "' (one of unspecified, keyCompromise, "
                    + "cACompromise, affiliationChanged, superseded, cessationOfOperation, privilegeWithdrawn, aACompromise)");
        }
        if (r == CERTIFICATE_HOLD || r == REMOVE_FROM_CRL) {
            throw SigilException.malformed(r.rfcName + " is not supported: revocation in Sigil is permanent");
        }
        return r;
    }
}
