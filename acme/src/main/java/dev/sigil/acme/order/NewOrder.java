package dev.sigil.acme.order;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigil.acme.account.SignedRequest;
import dev.sigil.acme.directory.AcmeUrls;
import dev.sigil.acme.directory.DirectorySettings;
import dev.sigil.acme.directory.ResourceIds;
import dev.sigil.acme.http.Reply;
import dev.sigil.acme.port.CertificateAuthorityPort;
import dev.sigil.acme.ratelimit.RateLimiter;
import dev.sigil.storage.acme.AcmeAccount;
import dev.sigil.storage.acme.AcmeIdentifier;
import dev.sigil.storage.acme.AcmeOrder;
import dev.sigil.storage.acme.AcmeStatus;
import dev.sigil.storage.acme.AcmeStore;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * newOrder (RFC 8555 §7.4, RFC 8738, RFC 9773 §5): checks identifiers, validity and {@code replaces}, asks the CA's
 * identifier policy, then stores the order with its new authorizations in one transaction. The order expires with
 * the first of its authorizations, or after the directory's order lifetime; it is ready at once if every
 * authorization was reused valid.
 */
public final class NewOrder {

    private final AcmeStore store;
    private final CertificateAuthorityPort ca;
    private final RateLimiter limits;
    private final Clock clock;
    private final int maxIdentifiers;
    private final Replacement replacement;

    public NewOrder(AcmeStore store, CertificateAuthorityPort ca, RateLimiter limits, Clock clock, int maxIdentifiers) {
        this.store = store;
        this.ca = ca;
        this.limits = limits;
        this.clock = clock;
        this.maxIdentifiers = maxIdentifiers;
        this.replacement = new Replacement(store, ca);
    }

    public Reply handle(SignedRequest request, DirectorySettings directory, AcmeUrls urls, String clientIp) {
        AcmeAccount account = request.requireAccount();
        ObjectNode payload = request.jws().payloadJson();
        Instant now = clock.instant();
        List<AcmeIdentifier> identifiers = OrderIdentifiers.parse(payload, maxIdentifiers, directory.challengeTypes());
        Validity validity = Validity.parse(payload, directory, now);
        OrderIdentifiers.checkPolicy(ca, directory.profile(), identifiers);
        Optional<String> replaces = replacement.check(payload, account, identifiers, now);
        limits.newOrder(account.id(), clientIp);
        AuthorizationPlan plan = AuthorizationPlan.make(store, account, directory, identifiers, now);
        Instant lifetimeEnd = now.plus(directory.orderLifetime());
        Instant expires = plan.earliestExpiry().isBefore(lifetimeEnd) ? plan.earliestExpiry() : lifetimeEnd;
        AcmeOrder order = new AcmeOrder(ResourceIds.newId(), account.id(), directory.name(),
                plan.allValid() ? AcmeStatus.Order.READY : AcmeStatus.Order.PENDING, expires, identifiers,
                validity.notBefore(), validity.notAfter(), plan.authorizationIds(), Optional.empty(),
                Optional.empty(), Optional.empty(), replaces, now);
        store.createOrder(order, plan.created());
        return Reply.created(urls.order(order.id())).json(OrderJson.order(order, urls));
    }
}
