package dev.sigil.cli.cert;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The RFC 5280 CRL reason codes the API accepts, by name (case-insensitive) or number. */
public enum RevocationReason {
    UNSPECIFIED(0, "unspecified"),
    KEY_COMPROMISE(1, "keyCompromise"),
    CA_COMPROMISE(2, "cACompromise"),
    AFFILIATION_CHANGED(3, "affiliationChanged"),
    SUPERSEDED(4, "superseded"),
    CESSATION_OF_OPERATION(5, "cessationOfOperation"),
    CERTIFICATE_HOLD(6, "certificateHold"),
    PRIVILEGE_WITHDRAWN(9, "privilegeWithdrawn"),
    AA_COMPROMISE(10, "aACompromise");

    private final int code;
    private final String rfcName;

    RevocationReason(int code, String rfcName) {
        this.code = code;
        this.rfcName = rfcName;
    }

    /** The RFC 5280 code. */
    public int code() {
        return code;
    }

    /** The RFC 5280 name, as sent to the API. */
    public String rfcName() {
        return rfcName;
    }

    /** All names, comma separated, for messages and help. */
    public static String names() {
        return Arrays.stream(values()).map(RevocationReason::rfcName).collect(Collectors.joining(", "));
    }

    /** @throws IllegalArgumentException listing the accepted reasons */
    public static RevocationReason parse(String text) {
        String t = text == null ? "" : text.trim();
        for (RevocationReason r : values()) {
            if (r.rfcName.equalsIgnoreCase(t) || String.valueOf(r.code).equals(t)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown revocation reason '" + text + "' (use one of " + names()
                + ", or its RFC 5280 code)");
    }
}
