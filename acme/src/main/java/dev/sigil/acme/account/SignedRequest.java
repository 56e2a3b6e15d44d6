package dev.sigil.acme.account;

import dev.sigil.acme.jws.AccountKey;
import dev.sigil.acme.jws.JwsRequest;
import dev.sigil.storage.acme.AcmeAccount;

import java.util.Objects;
import java.util.Optional;

/**
 * A POST whose JWS was verified: its signature, url and nonce are good, and, if it was signed by an account ("kid"),
 * that account exists in this directory and is valid.
 *
 * @param jws     the parsed request
 * @param key     the key that signed it (the account's, or the "jwk")
 * @param account the signing account, when signed with "kid"
 */
public record SignedRequest(JwsRequest jws, AccountKey key, Optional<AcmeAccount> account) {
    public SignedRequest {
        Objects.requireNonNull(jws, "jws");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(account, "account");
    }

    /** The signing account; only call for requests authenticated with {@link KeyMode#KID}. */
    public AcmeAccount requireAccount() {
        return account.orElseThrow(() -> new IllegalStateException("request was not signed by an account"));
    }
}
