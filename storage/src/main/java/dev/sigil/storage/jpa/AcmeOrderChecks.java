package dev.sigil.storage.jpa;

import dev.sigil.storage.acme.AcmeAuthorization;
import dev.sigil.storage.acme.AcmeChallenge;
import dev.sigil.storage.acme.AcmeIdentifier;
import dev.sigil.storage.acme.AcmeOrder;
import dev.sigil.storage.acme.AcmeStatus;
import dev.sigil.storage.certificate.CertificateRecord;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Argument checks for orders, run before any transaction starts: sizes against {@link AcmeLimits}, and the
 * consistency the records cannot check alone (a new authorization belongs to the order's account and is listed
 * by it; a challenge belongs to its authorization). Violations are programming errors: IllegalArgumentException.
 */
final class AcmeOrderChecks {

    /** The certificate serial column: lower-case hex as the inventory stores it. */
    static final int SERIAL = CertificateRecord.MAX_SERIAL_HEX;

    private AcmeOrderChecks() {
    }

    static void check(AcmeOrder order, List<AcmeAuthorization> newAuthorizations) {
        AcmeLimits.checkId("order id", order.id());
        AcmeLimits.checkId("account id", order.accountId());
        AcmeLimits.check("directory", order.directory(), AcmeLimits.DIRECTORY);
        if (order.identifiers().isEmpty()) {
            throw new IllegalArgumentException("an order needs at least one identifier");
        }
        order.identifiers().forEach(AcmeOrderChecks::checkIdentifier);
        order.authorizationIds().forEach(id -> AcmeLimits.checkId("authorization id", id));
        order.errorJson().ifPresent(e -> AcmeLimits.check("order error", e, AcmeLimits.JSON_TEXT));
        checkCertificate(order.certificateIssuerId(), order.certificateSerial());
        order.replaces().ifPresent(r -> AcmeLimits.check("replaces", r, AcmeLimits.REPLACES));
        Micros.of(order.expiresAt());
        Micros.of(order.createdAt());
        order.notBefore().ifPresent(Micros::of);
        order.notAfter().ifPresent(Micros::of);
        Set<String> listed = new HashSet<>(order.authorizationIds());
        Set<String> seen = new HashSet<>();
        for (AcmeAuthorization a : newAuthorizations) {
            if (!listed.contains(a.id()) || !seen.add(a.id())) {
                throw new IllegalArgumentException("each new authorization must be listed once by the order");
            }
            if (!a.accountId().equals(order.accountId()) || !a.directory().equals(order.directory())) {
                throw new IllegalArgumentException("a new authorization must belong to the order's account and directory");
            }
            checkIdentifier(a.identifier());
            Micros.of(a.expiresAt());
            Micros.of(a.createdAt());
            a.challenges().forEach(c -> checkChallenge(a, c));
        }
    }

    static void checkTransition(AcmeStatus.Order next, Optional<String> errorJson,
                                Optional<String> certificateIssuerId, Optional<String> certificateSerial) {
        boolean certificate = certificateIssuerId.isPresent() || certificateSerial.isPresent();
        if ((next == AcmeStatus.Order.VALID) != certificate) {
            throw new IllegalArgumentException("the certificate is recorded exactly when an order becomes valid");
        }
        if (errorJson.isPresent() && next != AcmeStatus.Order.INVALID) {
            throw new IllegalArgumentException("only an invalid order carries an error");
        }
        errorJson.ifPresent(e -> AcmeLimits.check("order error", e, AcmeLimits.JSON_TEXT));
        checkCertificate(certificateIssuerId, certificateSerial);
    }

    private static void checkCertificate(Optional<String> issuerId, Optional<String> serial) {
        if (issuerId.isPresent() != serial.isPresent()) {
            throw new IllegalArgumentException("certificate issuer and serial come together");
        }
        issuerId.ifPresent(i -> AcmeLimits.check("certificate issuer", i, ColumnLimits.ISSUER_ID));
        serial.ifPresent(s -> AcmeLimits.check("certificate serial", s, SERIAL));
    }

    private static void checkIdentifier(AcmeIdentifier identifier) {
        AcmeLimits.check("identifier type", identifier.type(), AcmeLimits.IDENTIFIER_TYPE);
        AcmeLimits.check("identifier value", identifier.value(), AcmeLimits.IDENTIFIER_VALUE);
    }

    private static void checkChallenge(AcmeAuthorization a, AcmeChallenge c) {
        if (!c.authorizationId().equals(a.id())) {
            throw new IllegalArgumentException("a challenge must belong to its authorization");
        }
        AcmeLimits.checkId("challenge id", c.id());
        AcmeLimits.check("challenge type", c.type(), AcmeLimits.CHALLENGE_TYPE);
        AcmeLimits.check("challenge token", c.token(), AcmeLimits.TOKEN);
        c.errorJson().ifPresent(e -> AcmeLimits.check("challenge error", e, AcmeLimits.JSON_TEXT));
        c.validatedAt().ifPresent(Micros::of);
    }
}
