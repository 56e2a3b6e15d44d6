package dev.sigil.storage.token;

import java.util.List;
import java.util.Optional;

/** Reads tokens. Writes go through the Ledger. */
public interface TokenRepository {

    Optional<TokenRecord> findBySecretHash(String secretHash);

    Optional<TokenRecord> find(String id);

    List<TokenRecord> list();
}
