package dev.sigil.storage;

import dev.sigil.storage.acme.AcmeStore;
import dev.sigil.storage.audit.AuditRepository;
import dev.sigil.storage.certificate.CertificateRepository;
import dev.sigil.storage.crl.CrlStore;
import dev.sigil.storage.issuer.IssuerRepository;
import dev.sigil.storage.ledger.Ledger;
import dev.sigil.storage.managed.ManagedStore;
import dev.sigil.storage.ssh.SshStore;
import dev.sigil.storage.token.TokenRepository;
import dev.sigil.storage.webhook.WebhookStore;

import javax.sql.DataSource;

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

    /** Signed CRLs, the latest of which every node serves. */
    CrlStore crls();

    /** Managed certificates: what Sigil keeps issuing and renewing, with every version's encrypted key. */
    ManagedStore managed();

    /** The webhook outbox and the once-only record of expiry notices. */
    WebhookStore webhooks();

    /** The SSH CA: its CAs, signed certificates, revocations and the KRL version. */
    SshStore ssh();

    /**
     * The connection pool, for the Quartz job store (which runs its own SQL on its QRTZ_ tables, created by the
     * migrations). Nothing else should use it: repositories and the ledger are the way in.
     */
    DataSource dataSource();

    /** True if a trivial query succeeds within a second (for readiness checks). */
    boolean ping();

    /** H2 or MariaDB, for logs and health output. */
    String productName();

    @Override
    void close();
}
