package dev.sigil.storage.jpa;

import dev.sigil.storage.issuer.IssuerRecord;
import dev.sigil.storage.issuer.IssuerRepository;

import java.util.List;
import java.util.Optional;

/** Issuers from the {@code issuers} table. */
final class JpaIssuerRepository implements IssuerRepository {

    private final Transactions tx;

    JpaIssuerRepository(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public Optional<IssuerRecord> find(String id) {
        return tx.read("find issuer",
                em -> Optional.ofNullable(em.find(IssuerEntity.class, id)).map(IssuerEntity::toRecord));
    }

    @Override
    public List<IssuerRecord> list() {
        return tx.read("list issuers", em -> em
                .createQuery("select i from Issuer i order by i.createdAt, i.id", IssuerEntity.class)
                .getResultList().stream().map(IssuerEntity::toRecord).toList());
    }
}
