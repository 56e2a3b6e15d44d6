package dev.sigil.acme.order;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.acme.ari.CertId;
import dev.sigil.acme.certificate.CertificateFacts;
import dev.sigil.acme.http.AcmeJson;
import dev.sigil.acme.port.CertificateAuthorityPort;
import dev.sigil.acme.port.KnownCertificate;
import dev.sigil.acme.problem.AcmeProblem;
import dev.sigil.acme.problem.ProblemType;
import dev.sigil.storage.acme.AcmeAccount;
import dev.sigil.storage.acme.AcmeIdentifier;
import dev.sigil.storage.acme.AcmeOrder;
import dev.sigil.storage.acme.AcmeStatus;
import dev.sigil.storage.acme.AcmeStore;
import dev.sigil.storage.certificate.Page;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The {@code replaces} member of newOrder (RFC 9773 §5): the certificate ID of a certificate this order renews. It
 * must name a certificate issued to this account that shares an identifier with the order and that no other live
 * order of the account already replaces (else alreadyReplaced, 409).
 *
 * <p>The "already replaced" check pages through the account's orders, because the store has no lookup by
 * {@code replaces} yet; fine for accounts with thousands of orders, worth an index for millions.
 */
final class Replacement {

    /** Orders fetched per page while looking for an earlier replacement. */
    static final int SCAN_PAGE = 500;

    private final AcmeStore store;
    private final CertificateAuthorityPort ca;

    Replacement(AcmeStore store, CertificateAuthorityPort ca) {
        this.store = store;
        this.ca = ca;
    }

    Optional<String> check(JsonNode payload, AcmeAccount account, List<AcmeIdentifier> identifiers, Instant now) {
        Optional<String> text = AcmeJson.optionalText(payload, "replaces");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        CertId id = CertId.parse(text.get());
        KnownCertificate known = ca.find(id.keyIdentifierHex(), id.serialHex()).orElseThrow(() ->
                AcmeProblem.malformed("\"replaces\" names a certificate this CA does not know"));
        if (known.requestedByAccount().filter(account.id()::equals).isEmpty()) {
            throw AcmeProblem.unauthorized("\"replaces\" names a certificate that was not issued to this account");
        }
        if (Collections.disjoint(CertificateFacts.parse(known.certificateDer()).identifiers(), identifiers)) {
            throw AcmeProblem.malformed("\"replaces\" names a certificate that shares no identifier with this order");
        }
        String canonical = id.text();
        if (alreadyReplaced(account, canonical, now)) {
            throw new AcmeProblem(ProblemType.ALREADY_REPLACED, "another order of this account already replaces "
                    + "this certificate");
        }
        return Optional.of(canonical);
    }

    private boolean alreadyReplaced(AcmeAccount account, String certId, Instant now) {
        Optional<String> cursor = Optional.empty();
        do {
            Page<AcmeOrder> page = store.ordersOf(account.id(), cursor, SCAN_PAGE);
            for (AcmeOrder order : page.items()) {
                if (order.replaces().filter(certId::equals).isPresent() && live(order, now)) {
                    return true;
                }
            }
            cursor = page.nextCursor();
        } while (cursor.isPresent());
        return false;
    }

    private static boolean live(AcmeOrder order, Instant now) {
        return switch (order.status()) {
            case INVALID -> false;
            case PENDING, READY -> now.isBefore(order.expiresAt());
            case PROCESSING, VALID -> true;
        };
    }
}
