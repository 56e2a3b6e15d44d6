package dev.sigil.acme.account;

import dev.sigil.acme.directory.AcmeUrls;
import dev.sigil.acme.http.AcmeHttpRequest;
import dev.sigil.acme.jws.AccountKey;
import dev.sigil.acme.jws.JwsRequest;
import dev.sigil.acme.nonce.NonceService;
import dev.sigil.acme.problem.AcmeProblem;
import dev.sigil.acme.problem.ProblemType;
import dev.sigil.storage.acme.AcmeAccount;
import dev.sigil.storage.acme.AcmeStatus;
import dev.sigil.storage.acme.AcmeStore;

import java.util.Optional;

/**
 * Checks every ACME POST as RFC 8555 §6.2-6.5 say: the JWS parses, its "url" is the URL the request was sent to,
 * it carries the kind of key the resource needs, the signature verifies, and the nonce is redeemed. The nonce is
 * spent only after the signature verified, so nobody can burn nonces with unsigned requests.
 */
public final class RequestAuthenticator {

    private final AcmeStore store;
    private final NonceService nonces;

    public RequestAuthenticator(AcmeStore store, NonceService nonces) {
        this.store = store;
        this.nonces = nonces;
    }

    public SignedRequest authenticate(AcmeHttpRequest request, AcmeUrls urls, KeyMode mode) {
        JwsRequest jws = JwsRequest.parse(request.body());
        if (!jws.url().equals(request.requestUrl())) {
            throw AcmeProblem.unauthorized("JWS \"url\" does not match the URL the request was sent to");
        }
        if (jws.jwk().isPresent()) {
            if (mode == KeyMode.KID) {
                throw AcmeProblem.malformed("this request must be signed by an account: use \"kid\" (the account "
                        + "URL), not \"jwk\" (RFC 8555 §6.2)");
            }
            AccountKey key = jws.jwk().get();
            jws.verify(key);
            redeem(jws);
            return new SignedRequest(jws, key, Optional.empty());
        }
        if (mode == KeyMode.JWK) {
            throw AcmeProblem.malformed("newAccount must be signed with the new account's key as \"jwk\", not \"kid\"");
        }
        String kid = jws.kid().orElseThrow();
        String accountId = urls.accountId(kid).orElseThrow(() -> AcmeProblem.unauthorized(
                "\"kid\" is not an account URL of this directory"));
        AcmeAccount account = store.account(accountId).orElseThrow(() -> new AcmeProblem(
                ProblemType.ACCOUNT_DOES_NOT_EXIST, "no account exists with this \"kid\""));
        if (!account.directory().equals(urls.directoryName())) {
            throw AcmeProblem.unauthorized("\"kid\" is not an account URL of this directory");
        }
        AccountKey key = AccountKey.fromJwkJson(account.jwkJson());
        jws.verify(key);
        redeem(jws);
        if (account.status() != AcmeStatus.Account.VALID) {
            throw AcmeProblem.unauthorized("account is " + account.status().name().toLowerCase(java.util.Locale.ROOT)
                    + " (RFC 8555 §7.3.6)");
        }
        return new SignedRequest(jws, key, Optional.of(account));
    }

    private void redeem(JwsRequest jws) {
        nonces.redeem(jws.nonce().orElseThrow(() -> new AcmeProblem(ProblemType.BAD_NONCE,
                "JWS has no anti-replay nonce")));
    }
}
