package dev.sigil.acme.order;

import dev.sigil.acme.http.Problems;
import dev.sigil.acme.problem.AcmeProblem;
import dev.sigil.acme.problem.ProblemType;
import dev.sigil.storage.acme.AcmeAuthorization;
import dev.sigil.storage.acme.AcmeChallenge;
import dev.sigil.storage.acme.AcmeOrder;
import dev.sigil.storage.acme.AcmeStatus;
import dev.sigil.storage.acme.AcmeStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The state machines of RFC 8555 §7.1.6 as a client sees them at this moment. The store keeps what was last
 * written; what follows from other rows and the clock is derived on read and written back with compare-and-set
 * transitions: a pending order whose authorizations are all valid is ready; one with a failed, deactivated or
 * expired authorization, or past its expiry, is invalid. Pending and valid authorizations past expiry are expired.
 * An order stuck in processing (the issuing request died) becomes invalid {@link #PROCESSING_GRACE} after expiry.
 */
final class OrderState {

    /** Issuance is synchronous and takes well under a second; past expiry plus this, processing means abandoned. */
    static final Duration PROCESSING_GRACE = Duration.ofMinutes(10);

    private final AcmeStore store;
    private final Clock clock;

    OrderState(AcmeStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    static AcmeStatus.Authorization effective(AcmeAuthorization authorization, Instant now) {
        boolean live = authorization.status() == AcmeStatus.Authorization.PENDING
                || authorization.status() == AcmeStatus.Authorization.VALID;
        return live && !now.isBefore(authorization.expiresAt()) ? AcmeStatus.Authorization.EXPIRED
                : authorization.status();
    }

    /** The order with its status derived now (derived changes are persisted). */
    AcmeOrder current(AcmeOrder order) {
        Instant now = clock.instant();
        return switch (order.status()) {
            case PENDING, READY -> {
                if (!now.isBefore(order.expiresAt())) {
                    yield move(order, AcmeStatus.Order.INVALID, Optional.empty());
                }
                boolean allValid = true;
                for (String id : order.authorizationIds()) {
                    AcmeAuthorization authorization = store.authorization(id).orElse(null);
                    AcmeStatus.Authorization status = authorization == null ? AcmeStatus.Authorization.INVALID
                            : effective(authorization, now);
                    if (status != AcmeStatus.Authorization.VALID && status != AcmeStatus.Authorization.PENDING) {
                        yield move(order, AcmeStatus.Order.INVALID, failure(authorization));
                    }
                    allValid &= status == AcmeStatus.Authorization.VALID;
                }
                yield allValid && order.status() == AcmeStatus.Order.PENDING
                        ? move(order, AcmeStatus.Order.READY, Optional.empty()) : order;
            }
            case PROCESSING -> now.isAfter(order.expiresAt().plus(PROCESSING_GRACE))
                    ? move(order, AcmeStatus.Order.INVALID, Optional.of(Problems.json(new AcmeProblem(
                    ProblemType.SERVER_INTERNAL, "issuance did not complete; create a new order"))))
                    : order;
            case VALID, INVALID -> order;
        };
    }

    /** The error of the failed challenge, if one failed: the order's error then says why. */
    private static Optional<String> failure(AcmeAuthorization authorization) {
        return authorization == null ? Optional.empty() : authorization.challenges().stream()
                .map(AcmeChallenge::errorJson).flatMap(Optional::stream).findFirst();
    }

    private AcmeOrder move(AcmeOrder order, AcmeStatus.Order next, Optional<String> errorJson) {
        if (store.transitionOrder(order.id(), order.status(), next, errorJson, Optional.empty(), Optional.empty())) {
            return with(order, next, errorJson);
        }
        // Another request moved it first; what it wrote is the truth.
        return store.order(order.id()).orElse(order);
    }

    static AcmeOrder with(AcmeOrder o, AcmeStatus.Order status, Optional<String> errorJson) {
        return new AcmeOrder(o.id(), o.accountId(), o.directory(), status, o.expiresAt(), o.identifiers(),
                o.notBefore(), o.notAfter(), o.authorizationIds(), errorJson, o.certificateIssuerId(),
                o.certificateSerial(), o.replaces(), o.createdAt());
    }
}
