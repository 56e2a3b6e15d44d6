package dev.sigil.storage.jpa;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sigil.storage.Database;
import dev.sigil.storage.DatabaseSettings;
import dev.sigil.storage.StorageException;
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
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnitTransactionType;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The storage implementation: a HikariCP pool, Flyway migrations ({@code classpath:db/migration}), then
 * Hibernate ORM bootstrapped as plain JPA without persistence.xml. Flyway owns the schema; Hibernate
 * neither creates nor validates it. Works on H2 (MariaDB mode) and MariaDB.
 */
public final class JpaDatabase implements Database {

    /** Hibernate groups this many inserts of one table into a JDBC batch. */
    static final int JDBC_BATCH_SIZE = 128;
    /** How long a request waits for a pooled connection before the database counts as unavailable. */
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);
    /** Connections kept open while idle; the pool grows to {@link DatabaseSettings#poolSize()} under load. */
    static final int MIN_IDLE_CONNECTIONS = 2;
    /**
     * How long a transaction waits for a row lock (mostly the audit head) before failing. Well above the
     * time a full group-commit batch holds it; H2's own default of one second is not.
     */
    static final Duration LOCK_WAIT = Duration.ofSeconds(10);
    /** {@link #ping()} answers within this. */
    static final Duration PING_TIMEOUT = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(JpaDatabase.class);
    private static final List<Class<?>> ENTITIES = List.of(IssuerEntity.class, CertificateEntity.class, SanEntity.class,
            RevocationEntity.class, TokenEntity.class, AuditEntryEntity.class, AuditHeadEntity.class,
            AcmeNonceEntity.class, AcmeEabKeyEntity.class, AcmeAccountEntity.class, AcmeContactEntity.class,
            AcmeOrderEntity.class, AcmeOrderIdentifierEntity.class, AcmeOrderAuthorizationEntity.class,
            AcmeAuthorizationEntity.class, AcmeChallengeEntity.class, AcmeRenewalWindowEntity.class);

    private final HikariDataSource pool;
    private final EntityManagerFactory emf;
    private final String productName;
    private final LedgerWriter ledgerWriter;
    private final IssuerRepository issuers;
    private final CertificateRepository certificates;
    private final AuditRepository audit;
    private final TokenRepository tokens;
    private final Ledger ledger;
    private final AcmeStore acme;
    private final CrlStore crls;
    private final WebhookStore webhooks;
    private final ManagedStore managed;
    private final JpaSshWriter sshWriter;
    private final SshStore ssh;

    private JpaDatabase(HikariDataSource pool, EntityManagerFactory emf, String productName) {
        this.pool = pool;
        this.emf = emf;
        this.productName = productName;
        Transactions tx = new Transactions(emf);
        this.ledgerWriter = new LedgerWriter(tx);
        this.issuers = new JpaIssuerRepository(tx);
        this.certificates = new JpaCertificateRepository(tx);
        this.audit = new JpaAuditRepository(tx);
        this.tokens = new JpaTokenRepository(tx);
        this.ledger = new JpaLedger(tx, ledgerWriter);
        this.acme = new JpaAcmeStore(tx);
        this.crls = new JpaCrlStore(tx);
        this.webhooks = new JpaWebhookStore(tx);
        this.managed = new JpaManagedStore(tx);
        this.sshWriter = new JpaSshWriter(tx);
        this.ssh = new JpaSshStore(tx, sshWriter);
    }

    /**
     * Opens the pool, migrates the schema and starts the issuance writer.
     *
     * @throws StorageException UNAVAILABLE if the database cannot be reached or migrated
     */
    public static JpaDatabase open(DatabaseSettings settings) {
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(poolConfig(settings));
        } catch (RuntimeException e) {
            throw new StorageException(StorageException.Kind.UNAVAILABLE, "cannot connect to the database " + settings, e);
        }
        EntityManagerFactory emf = null;
        try {
            String product = describe(pool);
            migrate(pool);
            emf = entityManagerFactory(pool);
            JpaDatabase db = new JpaDatabase(pool, emf, product);
            db.ledgerWriter.start();
            db.sshWriter.start();
            LOG.info("database open: {}", settings);
            return db;
        } catch (RuntimeException e) {
            if (emf != null) {
                emf.close();
            }
            pool.close();
            if (e instanceof StorageException) {
                throw e;
            }
            throw new StorageException(StorageException.Kind.UNAVAILABLE, "cannot open the database " + settings, e);
        }
    }

    private static HikariConfig poolConfig(DatabaseSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("sigil-db");
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(Math.min(MIN_IDLE_CONNECTIONS, settings.poolSize()));
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        // Hibernate is told (provider_disables_autocommit) and skips a setAutoCommit round trip per transaction.
        config.setAutoCommit(false);
        // The same isolation on both databases: the ledger relies on locks, never on snapshots.
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        config.setConnectionInitSql(settings.isH2()
                ? "SET LOCK_TIMEOUT " + LOCK_WAIT.toMillis()
                : "SET SESSION innodb_lock_wait_timeout = " + LOCK_WAIT.toSeconds());
        return config;
    }

    private static String describe(HikariDataSource pool) {
        try (Connection c = pool.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            LOG.info("connected to {} {} with {} {}", meta.getDatabaseProductName(), meta.getDatabaseProductVersion(),
                    meta.getDriverName(), meta.getDriverVersion());
            return meta.getDatabaseProductName();
        } catch (SQLException e) {
            throw new StorageException(StorageException.Kind.UNAVAILABLE, "cannot connect to the database", e);
        }
    }

    private static void migrate(HikariDataSource pool) {
        MigrateResult result = Flyway.configure()
                .dataSource(pool)
                .locations("classpath:db/migration")
                .javaMigrations(new V10_4__Reverse_san_values())
                .load()
                .migrate();
        LOG.info("schema at version {} ({} migrations applied now)", result.targetSchemaVersion,
                result.migrationsExecuted);
    }

    private static EntityManagerFactory entityManagerFactory(HikariDataSource pool) {
        return new HibernatePersistenceConfiguration("sigil")
                .managedClasses(ENTITIES)
                .transactionType(PersistenceUnitTransactionType.RESOURCE_LOCAL)
                .property(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, pool)
                .property(AvailableSettings.HBM2DDL_AUTO, "none")
                .property(AvailableSettings.CONNECTION_PROVIDER_DISABLES_AUTOCOMMIT, true)
                .property(AvailableSettings.STATEMENT_BATCH_SIZE, JDBC_BATCH_SIZE)
                .property(AvailableSettings.ORDER_INSERTS, true)
                .property(AvailableSettings.ORDER_UPDATES, true)
                // Pads IN lists (SANs of a page) to powers of two, so that few distinct statements get prepared.
                .property(AvailableSettings.IN_CLAUSE_PARAMETER_PADDING, true)
                // Hibernate would log each SQL error with the driver's message, which quotes key values of
                // the offending row, and at WARN even for an expected duplicate. Failures logs instead.
                .property(AvailableSettings.LOG_JDBC_ERRORS, false)
                .createEntityManagerFactory();
    }

    @Override
    public IssuerRepository issuers() {
        return issuers;
    }

    @Override
    public CertificateRepository certificates() {
        return certificates;
    }

    @Override
    public AuditRepository audit() {
        return audit;
    }

    @Override
    public TokenRepository tokens() {
        return tokens;
    }

    @Override
    public Ledger ledger() {
        return ledger;
    }

    @Override
    public AcmeStore acme() {
        return acme;
    }

    @Override
    public CrlStore crls() {
        return crls;
    }

    @Override
    public ManagedStore managed() {
        return managed;
    }

    @Override
    public WebhookStore webhooks() {
        return webhooks;
    }

    @Override
    public SshStore ssh() {
        return ssh;
    }

    @Override
    public DataSource dataSource() {
        return pool;
    }

    @Override
    public boolean ping() {
        // Run on a virtual thread so that a pool waiting for a dead server cannot hold the caller past the timeout.
        FutureTask<Boolean> probe = new FutureTask<>(() -> {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.setQueryTimeout((int) Math.max(1, PING_TIMEOUT.toSeconds()));
                s.execute("SELECT 1");
                c.rollback();
                return true;
            }
        });
        Thread.ofVirtual().name("sigil-db-ping").start(probe);
        try {
            return probe.get(PING_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            probe.cancel(true);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String productName() {
        return productName;
    }

    /** Lets queued issuances and revocations commit, then closes Hibernate and the pool. */
    @Override
    public void close() {
        ledgerWriter.close();
        sshWriter.close();
        if (emf.isOpen()) {
            emf.close();
        }
        pool.close();
    }
}
