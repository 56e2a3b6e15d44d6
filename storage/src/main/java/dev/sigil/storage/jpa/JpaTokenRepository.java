package dev.sigil.storage.jpa;

import dev.sigil.storage.token.TokenRecord;
import dev.sigil.storage.token.TokenRepository;

import java.util.List;
import java.util.Optional;

/** API tokens from the {@code tokens} table, looked up by the SHA-256 of their secret. */
final class JpaTokenRepository implements TokenRepository {

    private final Transactions tx;

    JpaTokenRepository(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public Optional<TokenRecord> findBySecretHash(String secretHash) {
        return tx.read("find token", em -> em
                .createQuery("select t from Token t where t.secretHash = :hash", TokenEntity.class)
                .setParameter("hash", secretHash)
                .getResultList().stream().findFirst().map(TokenEntity::toRecord));
    }

    @Override
    public Optional<TokenRecord> find(String id) {
        return tx.read("find token", em -> Optional.ofNullable(em.find(TokenEntity.class, id)).map(TokenEntity::toRecord));
    }

    @Override
    public List<TokenRecord> list() {
        return tx.read("list tokens", em -> em
                .createQuery("select t from Token t order by t.createdAt, t.id", TokenEntity.class)
                .getResultList().stream().map(TokenEntity::toRecord).toList());
    }
}
