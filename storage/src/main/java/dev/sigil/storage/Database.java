package dev.sigil.storage;

import dev.sigil.storage.acme.AcmeStore;
import dev.sigil.storage.audit.AuditRepository;
import dev.sigil.storage.certificate.CertificateRepository;
import dev.sigil.storage.issuer.IssuerRepository;
import dev.sigil.storage.ledger.Ledger;
import dev.sigil.storage.token.TokenRepository;

/**
 * The storage module's front door: opened once by {@code Main}, it migrates the schema and hands out
 * the repositories and the ledger. Implemented by {@code dev.sigil.storage.jpa.JpaDatabase}.
 */
public interface Database extends AutoCloseable {

    /** Opens the database, running Flyway migrations first. */
    static Database open(DatabaseSettings settings) {
        return dev.sigil.storage.jpa.JpaDatabase.open(settings);
    }

    IssuerRepository issuers();

    CertificateRepository certificates();

    AuditRepository audit();

    TokenRepository tokens();

    Ledger ledger();

    /** Nonces, accounts, orders, authorizations, challenges and EAB keys of the ACME front end. */
    AcmeStore acme();

    /** True if a trivial query succeeds within a second (for readiness checks). */
    boolean ping();

    /** H2 or MariaDB, for logs and health output. */
    String productName();

    @Override
    void close();
}
