package dev.sigil.storage.contract;

import dev.sigil.storage.audit.AuditEvent;
import dev.sigil.storage.certificate.CertificateRecord;
import dev.sigil.storage.certificate.CertificateStatus;
import dev.sigil.storage.certificate.RevocationRecord;
import dev.sigil.storage.certificate.San;
import dev.sigil.storage.issuer.IssuerKind;
import dev.sigil.storage.issuer.IssuerRecord;
import dev.sigil.storage.token.TokenRecord;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** Records for tests. Instants carry microseconds, the stored precision, so round trips compare exactly. */
final class TestData {

    /** A fixed "now" with every microsecond digit set, to catch truncation to millis or seconds. */
    static final Instant NOW = Instant.parse("2026-11-23T20:00:00.123456Z");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SERIAL_BITS = 128;

    private TestData() {
    }

    /** A unique issuer id, so that suites sharing one database never see each other's rows. */
    static String issuerId() {
        return "int-" + HexFormat.of().formatHex(bytes(6));
    }

    /** Like production: 128 random bits, lower-case hex without leading zeros. */
    static String serial() {
        return new BigInteger(SERIAL_BITS, RANDOM).toString(16);
    }

    static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    static IssuerRecord root(String id) {
        return new IssuerRecord(id, "Sigil Test Root " + id, IssuerKind.ROOT, Optional.empty(), "CN=Root " + id,
                "EC_P256", "ca/" + id + ".p8", bytes(700), NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(3650)), NOW);
    }

    static IssuerRecord intermediate(String id, String parentId, Instant createdAt) {
        return new IssuerRecord(id, "Sigil Test Int " + id, IssuerKind.INTERMEDIATE, Optional.of(parentId),
                "CN=Int " + id + ",O=Sigil", "ED25519", "pkcs11:int-" + id, bytes(900),
                NOW.minus(Duration.ofMinutes(5)).plusNanos(1_000), NOW.plus(Duration.ofDays(1825)), createdAt);
    }

    static CertificateRecord certificate(String issuerId, String serial) {
        return certificate(issuerId, serial, NOW, NOW.plus(Duration.ofDays(90)));
    }

    static CertificateRecord certificate(String issuerId, String serial, Instant issuedAt, Instant notAfter) {
        return new CertificateRecord(issuerId, serial, "CN=www-" + serial + ".example,O=Sigil",
                List.of(San.dns("www-" + serial + ".Example.com"), San.ip("10.0.0.7")), "EC_P256",
                issuedAt.minus(Duration.ofMinutes(1)), notAfter, CertificateStatus.VALID, Optional.empty(),
                Optional.empty(), Optional.of("team-a"), Optional.empty(), "server", bytes(512), issuedAt, "tester");
    }

    static CertificateRecord withOwnerAndProfile(CertificateRecord c, Optional<String> owner, String profile) {
        return new CertificateRecord(c.issuerId(), c.serial(), c.subjectDn(), c.sans(), c.keyType(), c.notBefore(),
                c.notAfter(), c.status(), c.revokedAt(), c.revocationReason(), owner, c.label(), profile, c.der(),
                c.issuedAt(), c.requestedBy());
    }

    static CertificateRecord withSans(CertificateRecord c, List<San> sans) {
        return new CertificateRecord(c.issuerId(), c.serial(), c.subjectDn(), sans, c.keyType(), c.notBefore(),
                c.notAfter(), c.status(), c.revokedAt(), c.revocationReason(), c.owner(), c.label(), c.profile(),
                c.der(), c.issuedAt(), c.requestedBy());
    }

    static RevocationRecord revocation(String issuerId, String serial, int reason) {
        return new RevocationRecord(issuerId, serial, NOW.plusSeconds(60), reason, Optional.empty(), "operator");
    }

    static TokenRecord token(String name) {
        return new TokenRecord("tok-" + HexFormat.of().formatHex(bytes(8)), name, "operator",
                HexFormat.of().formatHex(bytes(32)), NOW, "admin", Optional.empty());
    }

    static AuditEvent event(String action, String target) {
        return AuditEvent.success(NOW, "tester", action, target, "{\"k\":\"v\"}");
    }
}
