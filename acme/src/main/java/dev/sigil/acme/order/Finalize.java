package dev.sigil.acme.order;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigil.acme.account.SignedRequest;
import dev.sigil.acme.directory.AcmeUrls;
import dev.sigil.acme.directory.DirectorySettings;
import dev.sigil.acme.http.AcmeJson;
import dev.sigil.acme.http.Problems;
import dev.sigil.acme.http.Reply;
import dev.sigil.acme.http.ServiceUnavailable;
import dev.sigil.acme.identifier.Identifiers;
import dev.sigil.acme.jws.Base64Url;
import dev.sigil.acme.port.CaRefusal;
import dev.sigil.acme.port.CertificateAuthorityPort;
import dev.sigil.acme.port.IssuanceOrder;
import dev.sigil.acme.port.IssuedChain;
import dev.sigil.acme.problem.AcmeProblem;
import dev.sigil.acme.problem.ProblemType;
import dev.sigil.storage.StorageException;
import dev.sigil.storage.acme.AcmeAccount;
import dev.sigil.storage.acme.AcmeOrder;
import dev.sigil.storage.acme.AcmeStatus;
import dev.sigil.storage.acme.AcmeStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

/**
 * finalize (RFC 8555 §7.4). The order must be ready (else orderNotReady); the CSR is checked ({@link CsrCheck}; a
 * bad one leaves the order ready, so the client may send a corrected CSR); then ready → processing by
 * compare-and-set (a concurrent finalize gets orderNotReady), the CA issues synchronously, and processing → valid.
 *
 * <p>When the CA refuses (badCSR, rejectedIdentifier) the order becomes invalid with that problem, as the RFC's
 * state machine says. When the CA or database is unavailable nothing was issued, so the order goes back to ready
 * and the client is told 503 with Retry-After: a retried finalize then succeeds without a new order. If even that
 * write fails, or the node dies mid-issuance, crash recovery ({@code AcmeStore.recoverAbandoned}) fails the order
 * once it has been processing longer than {@code sigil.acme.processing-timeout}.
 */
public final class Finalize {

    private static final Logger LOG = LoggerFactory.getLogger(Finalize.class);

    private final AcmeStore store;
    private final CertificateAuthorityPort ca;
    private final Ownership ownership;
    private final OrderState state;
    private final Clock clock;

    public Finalize(AcmeStore store, CertificateAuthorityPort ca, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.ca = ca;
        this.ownership = new Ownership(store);
        this.state = new OrderState(store, clock);
    }

    public Reply handle(SignedRequest request, String orderId, DirectorySettings directory, AcmeUrls urls) {
        AcmeAccount account = request.requireAccount();
        AcmeOrder order = state.current(ownership.order(orderId, account));
        ObjectNode payload = request.jws().payloadJson();
        byte[] csr = Base64Url.decode(AcmeJson.requiredText(payload, "csr"), "\"csr\"");
        if (order.status() != AcmeStatus.Order.READY) {
            throw notReady("the order is " + order.status().name().toLowerCase(Locale.ROOT) + ", not ready");
        }
        CsrCheck.check(csr, order.identifiers(), request.key());
        if (!store.startFinalization(order.id(), clock.instant())) {
            throw notReady("the order is no longer ready (finalized by another request?)");
        }
        IssuedChain issued = issue(order, csr, directory, account);
        markValid(order, issued);
        AcmeOrder valid = new AcmeOrder(order.id(), order.accountId(), order.directory(), AcmeStatus.Order.VALID,
                order.expiresAt(), order.identifiers(), order.notBefore(), order.notAfter(), order.authorizationIds(),
                Optional.empty(), Optional.of(issued.issuerId()), Optional.of(issued.serial()), order.replaces(),
                order.createdAt());
        return Reply.ok().location(urls.order(order.id())).json(OrderJson.order(valid, urls));
    }

    private IssuedChain issue(AcmeOrder order, byte[] csr, DirectorySettings directory, AcmeAccount account) {
        try {
            return ca.issue(new IssuanceOrder(csr, directory.profile(),
                    order.identifiers().stream().map(Identifiers::portForm).toList(), order.notBefore(),
                    order.notAfter(), account.id()));
        } catch (CaRefusal refusal) {
            AcmeProblem problem = switch (refusal.reason()) {
                case BAD_CSR -> new AcmeProblem(ProblemType.BAD_CSR, refusal.getMessage());
                case REJECTED_IDENTIFIER -> new AcmeProblem(ProblemType.REJECTED_IDENTIFIER, refusal.getMessage());
                case UNAVAILABLE, ALREADY_REVOKED, NOT_FOUND -> null;
            };
            if (problem == null) {
                backToReady(order);
                throw new ServiceUnavailable("the CA is unavailable; nothing was issued, finalize again later");
            }
            store.transitionOrder(order.id(), AcmeStatus.Order.PROCESSING, AcmeStatus.Order.INVALID,
                    Optional.of(Problems.json(problem)), Optional.empty(), Optional.empty());
            throw problem;
        } catch (RuntimeException e) {
            backToReady(order);
            throw e;
        }
    }

    private void backToReady(AcmeOrder order) {
        try {
            store.transitionOrder(order.id(), AcmeStatus.Order.PROCESSING, AcmeStatus.Order.READY, Optional.empty(),
                    Optional.empty(), Optional.empty());
        } catch (RuntimeException e) {
            LOG.warn("order {} stays processing after a failed issuance ({}); it turns invalid after expiry",
                    order.id(), e.toString());
        }
    }

    private void markValid(AcmeOrder order, IssuedChain issued) {
        for (int attempt = 1; ; attempt++) {
            try {
                if (!store.transitionOrder(order.id(), AcmeStatus.Order.PROCESSING, AcmeStatus.Order.VALID,
                        Optional.empty(), Optional.of(issued.issuerId()), Optional.of(issued.serial()))) {
                    // Crash recovery judged this finalize abandoned (it outlasted sigil.acme.processing-timeout) and
                    // failed the order; the client must not be told it is valid.
                    LOG.error("certificate {}/{} was issued for order {} after the order was failed as abandoned",
                            issued.issuerId(), issued.serial(), order.id());
                    throw new AcmeProblem(ProblemType.SERVER_INTERNAL,
                            "issuance took too long and the order was failed; create a new order");
                }
                return;
            } catch (StorageException e) {
                if (attempt >= 3) {
                    LOG.error("certificate {}/{} was issued for order {} but the order could not be marked valid",
                            issued.issuerId(), issued.serial(), order.id(), e);
                    throw e;
                }
            }
        }
    }

    private static AcmeProblem notReady(String detail) {
        return new AcmeProblem(ProblemType.ORDER_NOT_READY, detail);
    }
}
