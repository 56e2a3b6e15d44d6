package dev.sigil.storage.issuer;

import java.util.List;
import java.util.Optional;

/** Reads issuers. Writes go through {@link dev.sigil.storage.ledger.Ledger} so that they are audited. */
public interface IssuerRepository {

    Optional<IssuerRecord> find(String id);

    /** All issuers, oldest first. */
    List<IssuerRecord> list();
}
