package dev.sigil.service.ca.bootstrap;

import dev.sigil.service.ca.IssuerRegistry;
import dev.sigil.service.ca.keys.KeyCustody;
import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.ca.keys.SigningKey;
import dev.sigil.service.ca.x509.CaCertificates;
import dev.sigil.service.ca.x509.CaUrls;
import dev.sigil.service.ca.x509.Pem;
import dev.sigil.service.ca.x509.SigningIssuer;
import dev.sigil.storage.Database;
import dev.sigil.storage.audit.AuditEvent;
import dev.sigil.storage.issuer.IssuerKind;
import dev.sigil.storage.issuer.IssuerRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Loads the CA hierarchy at start-up, creating a root and an issuing intermediate on the very first start.
 * Keys go to key custody; only certificates and key references go to the database. The root certificate is
 * (re)written to {@code data/ca/root.pem} on every start so that clients can be pointed at it.
 */
public final class CaBootstrap {

    /** Backdating of CA certificates, so that clients with slightly slow clocks accept them at once. */
    static final Duration BACKDATE = Duration.ofMinutes(5);
    private static final System.Logger LOG = System.getLogger(CaBootstrap.class.getName());

    /** What start-up found or made, for the operator's banner. */
    public record Result(IssuerRegistry registry, boolean created, Path rootPem, String rootFingerprint) {
    }

    private final Database db;
    private final KeyCustody custody;
    private final CaUrls urls;
    private final Clock clock;
    private final Path caDir;

    public CaBootstrap(Database db, KeyCustody custody, CaUrls urls, Clock clock, Path caDir) {
        this.db = db;
        this.custody = custody;
        this.urls = urls;
        this.clock = clock;
        this.caDir = caDir;
    }

    public Result loadOrCreate(CaSettings settings) {
        boolean created = false;
        if (db.issuers().list().isEmpty()) {
            custody.requireSupported(settings.keyType(), "sigil.ca.key-type");
            create(settings);
            created = true;
        }
        IssuerRegistry registry = load();
        SigningIssuer root = registry.root(clock.instant());
        Path rootPem = caDir.resolve("root.pem");
        String fingerprint = fingerprint(root.certificate());
        writePublic(rootPem, Pem.certificate(root.record().certificateDer()));
        return new Result(registry, created, rootPem, fingerprint);
    }

    private void create(CaSettings s) {
        Instant now = clock.instant();
        Instant notBefore = now.minus(BACKDATE);
        String rootId = newId("root");
        KeyCustody.Generated rootKey = custody.generate(rootId, s.keyType());
        byte[] rootDer = CaCertificates.selfSignedRoot(rootKey.publicKey(), rootKey.signingKey(),
                CaCertificates.name(s.rootName(), s.organization()), notBefore, now.plus(s.rootValidity()));
        IssuerRecord root = record(rootId, s.rootName(), IssuerKind.ROOT, Optional.empty(), s.keyType(),
                rootKey.reference(), rootDer, now);
        db.ledger().addIssuer(root, AuditEvent.success(now, "system", "ca.create", rootId, "root " + root.subjectDn()));
        LOG.log(System.Logger.Level.INFO, "created root CA {0} ({1}, {2}, key {3})", rootId, root.subjectDn(),
                s.keyType(), rootKey.reference());

        SigningIssuer rootSigner = new SigningIssuer(root, rootKey.signingKey(), List.of(Pem.parseCertificate(rootDer)));
        String intId = newId("int");
        KeyCustody.Generated intKey = custody.generate(intId, s.keyType());
        byte[] intDer = CaCertificates.intermediate(intKey.publicKey(), CaCertificates.name(s.intermediateName(),
                s.organization()), notBefore, now.plus(s.intermediateValidity()), rootSigner, urls);
        IssuerRecord intermediate = record(intId, s.intermediateName(), IssuerKind.INTERMEDIATE, Optional.of(rootId),
                s.keyType(), intKey.reference(), intDer, now);
        db.ledger().addIssuer(intermediate, AuditEvent.success(now, "system", "ca.create", intId,
                "intermediate " + intermediate.subjectDn() + " signed by " + rootId));
        LOG.log(System.Logger.Level.INFO, "created issuing CA {0} ({1}, key {2})", intId, intermediate.subjectDn(),
                intKey.reference());
    }

    private IssuerRegistry load() {
        List<IssuerRecord> records = db.issuers().list();
        Map<String, IssuerRecord> byId = records.stream().collect(Collectors.toMap(IssuerRecord::id, Function.identity()));
        List<SigningIssuer> out = new ArrayList<>();
        for (IssuerRecord r : records) {
            SigningKey key = custody.load(r.keyRef(), KeyType.parse(r.keyType()));
            List<X509Certificate> chain = new ArrayList<>();
            for (Optional<IssuerRecord> at = Optional.of(r); at.isPresent(); at = at.get().parentId().map(byId::get)) {
                chain.add(Pem.parseCertificate(at.get().certificateDer()));
            }
            out.add(new SigningIssuer(r, key, chain));
        }
        return new IssuerRegistry(out);
    }

    private static IssuerRecord record(String id, String name, IssuerKind kind, Optional<String> parent, KeyType type,
                                       String keyRef, byte[] der, Instant now) {
        X509Certificate cert = Pem.parseCertificate(der);
        return new IssuerRecord(id, name, kind, parent, cert.getSubjectX500Principal().getName(), type.name(), keyRef,
                der, cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant(), now);
    }

    private static String newId(String prefix) {
        byte[] b = new byte[4];
        new SecureRandom().nextBytes(b);
        return prefix + "-" + HexFormat.of().formatHex(b);
    }

    /** SHA-256 fingerprint as openssl prints it ({@code AB:CD:...}). */
    public static String fingerprint(X509Certificate cert) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
        } catch (NoSuchAlgorithmException | java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writePublic(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, content, StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
