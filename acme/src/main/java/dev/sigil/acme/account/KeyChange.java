package dev.sigil.acme.account;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigil.acme.directory.AcmeUrls;
import dev.sigil.acme.http.AcmeJson;
import dev.sigil.acme.http.Problems;
import dev.sigil.acme.http.Reply;
import dev.sigil.acme.jws.AccountKey;
import dev.sigil.acme.jws.JwsRequest;
import dev.sigil.acme.problem.AcmeProblem;
import dev.sigil.storage.StorageException;
import dev.sigil.storage.acme.AcmeAccount;
import dev.sigil.storage.acme.AcmeStore;

import java.time.Clock;
import java.util.Optional;

/**
 * Account key rollover (RFC 8555 §7.3.5). The outer JWS is signed by the account's current key; its payload is an
 * inner JWS signed by the new key, naming the account and the old key. A new key that another account of the
 * directory holds is 409 Conflict with that account's Location.
 */
public final class KeyChange {

    /** RFC 8555 §7.3.5: "the server SHOULD use status code 409 (Conflict)". */
    static final int CONFLICT = 409;

    private final AcmeStore store;
    private final Clock clock;

    public KeyChange(AcmeStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Reply handle(SignedRequest outer, AcmeUrls urls) {
        AcmeAccount account = outer.requireAccount();
        JwsRequest inner = JwsRequest.parseInner(outer.jws().payloadJson());
        if (!inner.url().equals(outer.jws().url())) {
            throw AcmeProblem.malformed("the inner JWS \"url\" must equal the outer JWS \"url\"");
        }
        AccountKey newKey = inner.jwk().orElseThrow();
        inner.verify(newKey);
        ObjectNode payload = inner.payloadJson();
        if (!AcmeJson.requiredText(payload, "account").equals(outer.jws().kid().orElseThrow())) {
            throw AcmeProblem.unauthorized("keyChange \"account\" is not the account that signed the request");
        }
        JsonNode oldKeyNode = payload.get("oldKey");
        if (oldKeyNode == null || !oldKeyNode.isObject()) {
            throw AcmeProblem.malformed("keyChange \"oldKey\" must be a JWK object");
        }
        if (!AccountKey.fromJwk(oldKeyNode).sameKeyAs(outer.key())) {
            throw AcmeProblem.unauthorized("keyChange \"oldKey\" is not the account's current key");
        }
        if (newKey.sameKeyAs(outer.key())) {
            throw AcmeProblem.malformed("the new key is the account's current key");
        }
        Optional<AcmeAccount> holder = store.accountByKey(account.directory(), newKey.thumbprint());
        if (holder.isPresent()) {
            return conflict(holder.get(), urls);
        }
        boolean changed;
        try {
            changed = store.changeAccountKey(account.id(), account.keyThumbprint(), newKey.thumbprint(),
                    newKey.jwkJson(), AccountAudit.event(clock.instant(), account.directory(), account.id(),
                            "acme.account.key-change", "thumbprint=" + newKey.thumbprint()));
        } catch (StorageException e) {
            if (e.kind() == StorageException.Kind.CONFLICT) {
                Optional<AcmeAccount> winner = store.accountByKey(account.directory(), newKey.thumbprint());
                if (winner.isPresent()) {
                    return conflict(winner.get(), urls);
                }
            }
            throw e;
        }
        if (!changed) {
            throw AcmeProblem.unauthorized("the account key was changed by another request meanwhile");
        }
        AcmeAccount updated = new AcmeAccount(account.id(), account.directory(), newKey.thumbprint(),
                newKey.jwkJson(), account.status(), account.contacts(), account.termsAgreed(), account.eabKeyId(),
                account.createdAt());
        return Reply.ok().json(AccountJson.of(updated, urls));
    }

    private static Reply conflict(AcmeAccount holder, AcmeUrls urls) {
        return Problems.reply(AcmeProblem.malformed("the new key is already the key of another account"), CONFLICT)
                .location(urls.account(holder.id()));
    }
}
