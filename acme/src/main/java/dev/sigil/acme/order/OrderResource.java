package dev.sigil.acme.order;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigil.acme.account.SignedRequest;
import dev.sigil.acme.directory.AcmeUrls;
import dev.sigil.acme.http.AcmeJson;
import dev.sigil.acme.http.Reply;
import dev.sigil.acme.problem.AcmeProblem;
import dev.sigil.storage.acme.AcmeAccount;
import dev.sigil.storage.acme.AcmeOrder;
import dev.sigil.storage.acme.AcmeStatus;
import dev.sigil.storage.acme.AcmeStore;
import dev.sigil.storage.certificate.Page;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Reading orders: {@code order/{id}} by POST-as-GET (status derived now, see {@link OrderState}) and an account's
 * orders list (§7.1.2.1), oldest first, paginated with {@code Link: <next>;rel="next"}. The list leaves out orders
 * that are invalid or past expiry, as the RFC suggests; a page may therefore hold fewer than the page size.
 */
public final class OrderResource {

    private final AcmeStore store;
    private final Clock clock;
    private final int pageSize;
    private final Ownership ownership;
    private final OrderState state;

    public OrderResource(AcmeStore store, Clock clock, int pageSize) {
        this.store = store;
        this.clock = clock;
        this.pageSize = pageSize;
        this.ownership = new Ownership(store);
        this.state = new OrderState(store, clock);
    }

    public Reply get(SignedRequest request, String orderId, AcmeUrls urls) {
        requirePostAsGet(request);
        AcmeOrder order = state.current(ownership.order(orderId, request.requireAccount()));
        return Reply.ok().json(OrderJson.order(order, urls));
    }

    public Reply list(SignedRequest request, String accountId, Optional<String> cursor, AcmeUrls urls) {
        requirePostAsGet(request);
        AcmeAccount account = request.requireAccount();
        if (!account.id().equals(accountId)) {
            throw AcmeProblem.unauthorized("the orders list of another account");
        }
        Page<AcmeOrder> page;
        try {
            page = store.ordersOf(accountId, cursor, pageSize);
        } catch (IllegalArgumentException e) {
            throw Ownership.notFound("page of orders");
        }
        Instant now = clock.instant();
        ObjectNode json = AcmeJson.object();
        ArrayNode orders = json.putArray("orders");
        page.items().stream().filter(o -> listed(o, now)).forEach(o -> orders.add(urls.order(o.id())));
        Reply reply = Reply.ok().json(json);
        page.nextCursor().ifPresent(next -> reply.link(urls.orders(accountId, next), "next"));
        return reply;
    }

    private static boolean listed(AcmeOrder order, Instant now) {
        return switch (order.status()) {
            case INVALID -> false;
            case PENDING, READY -> now.isBefore(order.expiresAt());
            case PROCESSING, VALID -> true;
        };
    }

    static void requirePostAsGet(SignedRequest request) {
        if (!request.jws().postAsGet()) {
            throw AcmeProblem.malformed("this resource is read with POST-as-GET (an empty payload, RFC 8555 §6.3)");
        }
    }
}
