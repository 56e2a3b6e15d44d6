package dev.sigil.acme.order;

import dev.sigil.acme.problem.AcmeProblem;
import dev.sigil.acme.problem.ProblemType;
import dev.sigil.storage.acme.AcmeAccount;
import dev.sigil.storage.acme.AcmeAuthorization;
import dev.sigil.storage.acme.AcmeChallenge;
import dev.sigil.storage.acme.AcmeOrder;
import dev.sigil.storage.acme.AcmeStore;

/**
 * Loads an order, authorization or challenge for the account that asks: unknown in this directory is 404, another
 * account's is unauthorized (RFC 8555 §7.5: only the owning account may read or answer them).
 */
final class Ownership {

    private final AcmeStore store;

    Ownership(AcmeStore store) {
        this.store = store;
    }

    AcmeOrder order(String id, AcmeAccount account) {
        AcmeOrder order = store.order(id).filter(o -> o.directory().equals(account.directory()))
                .orElseThrow(() -> notFound("order"));
        if (!order.accountId().equals(account.id())) {
            throw AcmeProblem.unauthorized("this order belongs to another account");
        }
        return order;
    }

    AcmeAuthorization authorization(String id, AcmeAccount account) {
        AcmeAuthorization authorization = store.authorization(id)
                .filter(a -> a.directory().equals(account.directory()))
                .orElseThrow(() -> notFound("authorization"));
        if (!authorization.accountId().equals(account.id())) {
            throw AcmeProblem.unauthorized("this authorization belongs to another account");
        }
        return authorization;
    }

    /** The challenge and its authorization, which the account must own. */
    Owned challenge(String id, AcmeAccount account) {
        AcmeChallenge challenge = store.challenge(id).orElseThrow(() -> notFound("challenge"));
        return new Owned(challenge, authorization(challenge.authorizationId(), account));
    }

    record Owned(AcmeChallenge challenge, AcmeAuthorization authorization) {
    }

    static AcmeProblem notFound(String what) {
        return new AcmeProblem(ProblemType.NOT_FOUND, "no such " + what);
    }
}
