package dev.sigil.service.ca.issuance;

import dev.sigil.service.error.SigilException;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

import java.util.Map;

/**
 * Which subject attributes a CSR may carry. The subject is copied as requested when every attribute is one of
 * these; anything else is refused (never dropped silently), naming the attribute.
 */
final class SubjectPolicy {

    private static final Map<ASN1ObjectIdentifier, String> ALLOWED = Map.of(
            BCStyle.CN, "CN", BCStyle.O, "O", BCStyle.OU, "OU", BCStyle.C, "C", BCStyle.ST, "ST",
            BCStyle.L, "L", BCStyle.SERIALNUMBER, "serialNumber");
    /** RFC 5280 ub-common-name. */
    static final int MAX_CN = 64;

    private SubjectPolicy() {
    }

    static void check(X500Name subject) {
        for (RDN rdn : subject.getRDNs()) {
            for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                if (!ALLOWED.containsKey(atv.getType())) {
                    String name = BCStyle.INSTANCE.oidToDisplayName(atv.getType());
                    throw SigilException.policy("subject attribute " + (name != null ? name : atv.getType().getId())
                            + " is not allowed (allowed: CN, O, OU, C, ST, L, serialNumber)");
                }
            }
        }
    }
}
