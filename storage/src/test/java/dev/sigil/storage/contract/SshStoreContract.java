package dev.sigil.storage.contract;

import dev.sigil.storage.SshKeyBlockedException;
import dev.sigil.storage.StorageException;
import dev.sigil.storage.audit.AuditQuery;
import dev.sigil.storage.audit.AuditRecord;
import dev.sigil.storage.ssh.KrlState;
import dev.sigil.storage.ssh.SshCaRecord;
import dev.sigil.storage.ssh.SshCaType;
import dev.sigil.storage.ssh.SshCertificateQuery;
import dev.sigil.storage.ssh.SshCertificateRecord;
import dev.sigil.storage.ssh.SshCertificateStatus;
import dev.sigil.storage.ssh.SshRevocation;
import dev.sigil.storage.ssh.SshRevocationResult;
import dev.sigil.storage.ssh.SshRevocationSnapshot;
import dev.sigil.storage.ssh.SshStore;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static dev.sigil.storage.contract.TestData.NOW;
import static dev.sigil.storage.contract.TestData.event;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SSH store: inventory round trips (serials above 2^63 included), group-committed issuance, revocations by
 * serial, key id and public key, the KRL version (increasing, in the revocation's transaction, kept across restarts)
 * and the tidy horizon. Tests share one database: each uses its own key ids and serials, and compares KRL versions
 * relative to what it read first.
 */
abstract class SshStoreContract extends DatabaseSuite {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String USER_CA_FP = "SHA256:userCaFingerprintXXXXXXXXXXXXXXXXXXXXXXXXXXX";
    private static final String HOST_CA_FP = "SHA256:hostCaFingerprintXXXXXXXXXXXXXXXXXXXXXXXXXXX";

    SshStoreContract(Backend backend) {
        super(backend);
    }

    private SshStore ssh() {
        return db.ssh();
    }

    static long serial() {
        long s;
        do {
            s = RANDOM.nextLong();
        } while (s == 0);
        return s;
    }

    static String unique(String prefix) {
        return prefix + "-" + HexFormat.of().formatHex(TestData.bytes(5));
    }

    static String fingerprint() {
        return "SHA256:" + java.util.Base64.getEncoder().withoutPadding().encodeToString(TestData.bytes(32));
    }

    static SshCertificateRecord cert(long serial, SshCaType type, String keyId, String fingerprint, List<String> principals,
                                     Instant issuedAt, Instant validBefore) {
        return new SshCertificateRecord(serial, type, type == SshCaType.USER ? USER_CA_FP : HOST_CA_FP, keyId,
                "ssh-ed25519", fingerprint, principals, issuedAt.minus(Duration.ofMinutes(1)), validBefore,
                SshCertificateStatus.VALID, Optional.empty(), Optional.empty(), issuedAt, "tester", TestData.bytes(300));
    }

    static SshCertificateRecord user(String keyId, String... principals) {
        return cert(serial(), SshCaType.USER, keyId, fingerprint(), List.of(principals), NOW, NOW.plus(Duration.ofHours(16)));
    }

    private void issue(SshCertificateRecord c) {
        ssh().recordIssuance(c, event("ssh.certificate.issue", "ssh-" + c.caType().wireName() + "/" + c.serialText()));
    }

    private static SshRevocation by(String reason) {
        return new SshRevocation(NOW.plusSeconds(30), reason, "operator");
    }

    @Test
    void aCaIsStoredOncePerType() {
        Optional<SshCaRecord> before = ssh().ca(SshCaType.HOST);
        if (before.isEmpty()) {
            SshCaRecord ca = new SshCaRecord(SshCaType.HOST, "ED25519", "ssh-ed25519 AAAAC3Nza... host-ca", HOST_CA_FP,
                    "ssh-host-ca.key.pem", NOW);
            ssh().addCa(ca, event("ssh.ca.create", "ssh-host"));
            assertThat(ssh().ca(SshCaType.HOST)).contains(ca);
        }
        SshCaRecord other = new SshCaRecord(SshCaType.HOST, "EC_P256", "ecdsa-sha2-nistp256 AAAA other", fingerprint(),
                "other.key.pem", NOW);
        assertFails(StorageException.Kind.CONFLICT, () -> ssh().addCa(other, event("ssh.ca.create", "ssh-host")));
        assertThat(ssh().ca(SshCaType.HOST).orElseThrow().fingerprint()).isEqualTo(HOST_CA_FP);
    }

    @Test
    void everyFieldRoundTripsIncludingASerialAbove2To63AndTheAuditRecordIsAppended() {
        long big = 0x8000_0000_0000_0001L; // 2^63 + 1: negative as a Java long
        SshCertificateRecord c = cert(big, SshCaType.USER, unique("alice"), fingerprint(), List.of("alice", "deploy-1"),
                NOW, NOW.plus(Duration.ofHours(8)));
        issue(c);
        SshCertificateRecord read = ssh().find(big).orElseThrow();
        assertThat(read).usingRecursiveComparison().isEqualTo(c);
        assertThat(read.serialText()).isEqualTo("9223372036854775809");
        List<AuditRecord> audit = db.audit().list(new AuditQuery(Optional.empty(), Optional.of("ssh.certificate.issue"),
                Optional.of("ssh-user/9223372036854775809"), Optional.empty(), Optional.empty(), 0, 10));
        assertThat(audit).hasSize(1);
        assertThat(db.audit().verify().intact()).isTrue();
        assertThat(ssh().find(serial())).isEmpty();
    }

    @Test
    void aDuplicateSerialFailsOnlyItsOwnCallerInsideAGroupCommit() throws Exception {
        SshCertificateRecord first = user(unique("dup"), "dup");
        issue(first);
        SshCertificateRecord clash = cert(first.serial(), SshCaType.HOST, unique("other"), fingerprint(),
                List.of("h.internal"), NOW, NOW.plus(Duration.ofDays(1)));
        List<SshCertificateRecord> others = IntStream.range(0, 200).mapToObj(i -> user(unique("batch"), "u" + i)).toList();
        AtomicInteger conflicts = new AtomicInteger();
        int ok = Concurrently.run(8, t -> {
            boolean all = true;
            for (int i = t; i < others.size(); i += 8) {
                issue(others.get(i));
            }
            if (t == 0) {
                try {
                    issue(clash);
                    all = false;
                } catch (StorageException e) {
                    if (e.kind() == StorageException.Kind.CONFLICT) {
                        conflicts.incrementAndGet();
                    }
                }
            }
            return all;
        });
        assertThat(ok).isEqualTo(8);
        assertThat(conflicts).hasValue(1);
        others.forEach(o -> assertThat(ssh().find(o.serial())).isPresent());
        assertThat(ssh().find(first.serial()).orElseThrow().caType()).isEqualTo(SshCaType.USER);
    }

    @Test
    void searchFiltersExactlyNewestFirst() {
        String keyId = unique("search");
        String principal = unique("p");
        SshCertificateRecord older = cert(serial(), SshCaType.USER, keyId, fingerprint(), List.of(principal, "x"),
                NOW.minusSeconds(10), NOW.plus(Duration.ofHours(1)));
        SshCertificateRecord newer = cert(serial(), SshCaType.USER, keyId, fingerprint(), List.of("y", principal),
                NOW, NOW.plus(Duration.ofHours(1)));
        SshCertificateRecord expired = cert(serial(), SshCaType.USER, keyId, fingerprint(), List.of(principal),
                NOW.minus(Duration.ofDays(2)), NOW.minus(Duration.ofDays(1)));
        // issued a second after 'newer': equal issued_at would order by serial, which is random here
        SshCertificateRecord host = cert(serial(), SshCaType.HOST, keyId, fingerprint(), List.of(principal + ".internal"),
                NOW.plusSeconds(1), NOW.plus(Duration.ofDays(1)));
        List.of(older, newer, expired, host).forEach(this::issue);
        ssh().revokeSerial(older.serial(), by("test"), event("ssh.certificate.revoke", "x"));

        assertThat(search(Optional.empty(), Optional.empty(), Optional.of(keyId), Optional.empty()))
                .containsExactly(host.serial(), newer.serial(), older.serial(), expired.serial());
        assertThat(search(Optional.of(SshCaType.USER), Optional.of(principal), Optional.empty(), Optional.empty()))
                .containsExactly(newer.serial(), older.serial(), expired.serial());
        assertThat(search(Optional.empty(), Optional.of(principal.substring(0, principal.length() - 1)), Optional.empty(),
                Optional.empty())).isEmpty();
        assertThat(search(Optional.of(SshCaType.HOST), Optional.empty(), Optional.of(keyId), Optional.empty()))
                .containsExactly(host.serial());
        assertThat(search(Optional.empty(), Optional.empty(), Optional.of(keyId), Optional.of(SshCertificateQuery.Status.VALID)))
                .containsExactly(host.serial(), newer.serial());
        assertThat(search(Optional.empty(), Optional.empty(), Optional.of(keyId), Optional.of(SshCertificateQuery.Status.REVOKED)))
                .containsExactly(older.serial());
        assertThat(search(Optional.empty(), Optional.empty(), Optional.of(keyId), Optional.of(SshCertificateQuery.Status.EXPIRED)))
                .containsExactly(expired.serial());
        assertThat(ssh().search(new SshCertificateQuery(NOW, Optional.empty(), Optional.empty(), Optional.of(keyId),
                Optional.empty(), 2))).hasSize(2);
    }

    private List<Long> search(Optional<SshCaType> type, Optional<String> principal, Optional<String> keyId,
                              Optional<SshCertificateQuery.Status> status) {
        return ssh().search(new SshCertificateQuery(NOW, type, principal, keyId, status, SshCertificateQuery.MAX_LIMIT))
                .stream().map(SshCertificateRecord::serial).toList();
    }

    @Test
    void revokingASerialMarksItAndIncreasesTheKrlVersionInTheSameTransaction() {
        SshCertificateRecord c = user(unique("rev"), "bob");
        issue(c);
        long before = ssh().krlState().version();
        SshRevocationResult r = ssh().revokeSerial(c.serial(), by("key lost"), event("ssh.certificate.revoke", c.serialText()));
        assertThat(r.certificatesMarked()).isEqualTo(1);
        assertThat(r.krlVersion()).isGreaterThan(before);
        assertThat(ssh().krlState().version()).isGreaterThanOrEqualTo(r.krlVersion());
        SshCertificateRecord read = ssh().find(c.serial()).orElseThrow();
        assertThat(read.status()).isEqualTo(SshCertificateStatus.REVOKED);
        assertThat(read.revokedAt()).contains(NOW.plusSeconds(30));
        assertThat(read.revocationReason()).contains("key lost");

        long afterFirst = ssh().krlState().version();
        assertFails(StorageException.Kind.CONFLICT, () -> ssh().revokeSerial(c.serial(), by("again"), event("r", "x")));
        assertFails(StorageException.Kind.NOT_FOUND, () -> ssh().revokeSerial(serial(), by("none"), event("r", "x")));
        assertThat(ssh().krlState().version()).as("failed revocations change nothing").isEqualTo(afterFirst);
        assertThat(ssh().revocations().serials()).contains(
                new SshRevocationSnapshot.RevokedSerial(SshCaType.USER, USER_CA_FP, c.serial()));
    }

    @Test
    void revokingAKeyIdMarksThatCasCertificatesOnlyAndBlocksTheKeyIdThere() {
        String keyId = unique("carol");
        SshCertificateRecord a = user(keyId, "carol");
        SshCertificateRecord b = user(keyId, "carol", "admin");
        SshCertificateRecord hostSameId = cert(serial(), SshCaType.HOST, keyId, fingerprint(), List.of("h.internal"),
                NOW, NOW.plus(Duration.ofDays(1)));
        SshCertificateRecord otherId = user(unique("dave"), "dave");
        List.of(a, b, hostSameId, otherId).forEach(this::issue);
        ssh().revokeSerial(b.serial(), by("first"), event("ssh.certificate.revoke", "b"));

        assertThat(ssh().blocked(a.fingerprint(), SshCaType.USER, keyId)).isEqualTo(SshStore.Block.NONE);
        SshRevocationResult r = ssh().revokeKeyId(SshCaType.USER, keyId, by("left"), event("ssh.keyid.revoke", keyId));
        assertThat(r.certificatesMarked()).as("a only: b was revoked already, the host one is another CA").isEqualTo(1);
        assertThat(ssh().find(a.serial()).orElseThrow().status()).isEqualTo(SshCertificateStatus.REVOKED);
        assertThat(ssh().find(b.serial()).orElseThrow().revocationReason()).contains("first");
        assertThat(ssh().find(hostSameId.serial()).orElseThrow().status()).isEqualTo(SshCertificateStatus.VALID);
        assertThat(ssh().find(otherId.serial()).orElseThrow().status()).isEqualTo(SshCertificateStatus.VALID);
        assertThat(ssh().blocked(fingerprint(), SshCaType.USER, keyId)).isEqualTo(SshStore.Block.KEY_ID);
        assertThat(ssh().blocked(fingerprint(), SshCaType.HOST, keyId)).isEqualTo(SshStore.Block.NONE);
        assertFails(StorageException.Kind.CONFLICT, () -> ssh().revokeKeyId(SshCaType.USER, keyId, by("again"),
                event("ssh.keyid.revoke", keyId)));
        assertThat(ssh().revocations().keyIds()).contains(new SshRevocationSnapshot.RevokedKeyId(SshCaType.USER, keyId))
                .doesNotContain(new SshRevocationSnapshot.RevokedKeyId(SshCaType.HOST, keyId));
    }

    @Test
    void revokingAPublicKeyMarksItsCertificatesAndListsTheBlob() {
        String fp = fingerprint();
        byte[] blob = TestData.bytes(51);
        SshCertificateRecord u = cert(serial(), SshCaType.USER, unique("k"), fp, List.of("erin"), NOW, NOW.plus(Duration.ofHours(2)));
        SshCertificateRecord h = cert(serial(), SshCaType.HOST, unique("k"), fp, List.of("e.internal"), NOW, NOW.plus(Duration.ofDays(2)));
        SshCertificateRecord other = user(unique("k"), "erin");
        List.of(u, h, other).forEach(this::issue);
        long before = ssh().krlState().version();

        SshRevocationResult r = ssh().revokePublicKey(fp, "ssh-ed25519", blob, by("stolen laptop"),
                event("ssh.key.revoke", fp));
        assertThat(r.certificatesMarked()).isEqualTo(2);
        assertThat(r.krlVersion()).isGreaterThan(before);
        assertThat(ssh().find(other.serial()).orElseThrow().status()).isEqualTo(SshCertificateStatus.VALID);
        assertThat(ssh().blocked(fp, SshCaType.HOST, "anything")).isEqualTo(SshStore.Block.PUBLIC_KEY);
        assertThat(ssh().revocations().revokedKeys()).anySatisfy(k -> assertThat(k).isEqualTo(blob));
        assertFails(StorageException.Kind.CONFLICT, () -> ssh().revokePublicKey(fp, "ssh-ed25519", blob, by("again"),
                event("ssh.key.revoke", fp)));
    }

    @Test
    void recordingRefusesARevokedKeyOrKeyIdInTheSameTransactionAndRecordsTheRestOfTheBatch() throws Exception {
        String stolen = fingerprint();
        ssh().revokePublicKey(stolen, "ssh-ed25519", TestData.bytes(51), by("stolen"), event("ssh.key.revoke", stolen));
        String leaver = unique("leaver");
        issue(user(leaver, "leaver"));
        ssh().revokeKeyId(SshCaType.USER, leaver, by("left"), event("ssh.keyid.revoke", leaver));
        long auditBefore = db.audit().verify().records();

        // 48 concurrent issuances, group-committed together: every third has the stolen key, every third the
        // revoked key id, the rest neither (among them the revoked key id under the other CA, which is not revoked).
        int n = 48;
        List<SshCertificateRecord> certs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            certs.add(switch (i % 3) {
                case 0 -> cert(serial(), SshCaType.USER, unique("k"), stolen, List.of("p"), NOW, NOW.plus(Duration.ofHours(1)));
                case 1 -> user(leaver, "leaver");
                default -> i % 2 == 0
                        ? cert(serial(), SshCaType.HOST, leaver, fingerprint(), List.of("h.internal"), NOW,
                                NOW.plus(Duration.ofHours(1)))
                        : user(unique("ok"), "ok");
            });
        }
        java.util.Map<Long, SshStore.Block> refused = new java.util.concurrent.ConcurrentHashMap<>();
        Concurrently.run(n, i -> {
            try {
                issue(certs.get(i));
            } catch (SshKeyBlockedException e) {
                refused.put(certs.get(i).serial(), e.block());
            }
            return true;
        });

        for (int i = 0; i < n; i++) {
            SshCertificateRecord c = certs.get(i);
            SshStore.Block expected = switch (i % 3) {
                case 0 -> SshStore.Block.PUBLIC_KEY;
                case 1 -> SshStore.Block.KEY_ID;
                default -> null;
            };
            assertThat(refused.get(c.serial())).as("certificate " + i).isEqualTo(expected);
            assertThat(ssh().find(c.serial()).isPresent()).as("certificate " + i + " recorded").isEqualTo(expected == null);
        }
        assertThat(db.audit().verify().records()).as("one audit record per recorded certificate")
                .isEqualTo(auditBefore + n / 3);
        assertThat(db.audit().verify().intact()).isTrue();
    }

    @Test
    void theSnapshotCarriesTheVersionItWasReadAtAndTheVersionSurvivesARestart() {
        SshCertificateRecord c = user(unique("snap"), "frank");
        issue(c);
        SshRevocationResult r = ssh().revokeSerial(c.serial(), by("t"), event("ssh.certificate.revoke", "snap"));
        SshRevocationSnapshot snapshot = ssh().revocations();
        assertThat(snapshot.state().version()).isGreaterThanOrEqualTo(r.krlVersion());
        assertThat(snapshot.state()).isEqualTo(ssh().krlState());

        KrlState before = ssh().krlState();
        restart();
        assertThat(ssh().krlState()).isEqualTo(before);
        SshCertificateRecord d = user(unique("snap"), "frank");
        issue(d);
        assertThat(ssh().revokeSerial(d.serial(), by("t"), event("ssh.certificate.revoke", "snap")).krlVersion())
                .isEqualTo(before.version() + 1);
    }

    @Test
    void tidyDropsRevokedCertificatesExpiredBeforeTheHorizonOnceAndIncreasesTheVersion() {
        Instant cutoff = NOW.minus(Duration.ofDays(1));
        SshCertificateRecord old = cert(serial(), SshCaType.USER, unique("old"), fingerprint(), List.of("gina"),
                NOW.minus(Duration.ofDays(3)), NOW.minus(Duration.ofDays(2)));
        issue(old);
        ssh().revokeSerial(old.serial(), by("t"), event("ssh.certificate.revoke", "old"));
        SshRevocationSnapshot.RevokedSerial listed = new SshRevocationSnapshot.RevokedSerial(SshCaType.USER, USER_CA_FP,
                old.serial());
        KrlState before = ssh().krlState();
        boolean wasListed = ssh().revocations().serials().contains(listed);

        assertThat(wasListed).isTrue();
        assertThat(ssh().tidy(cutoff, NOW, event("ssh.krl.tidy", ""))).contains(before.version() + 1);
        assertThat(ssh().krlState().horizon()).isEqualTo(cutoff);
        assertThat(ssh().revocations().serials()).doesNotContain(listed);
        long after = ssh().krlState().version();
        assertThat(ssh().tidy(cutoff, NOW, event("ssh.krl.tidy", ""))).as("nothing more to drop").isEmpty();
        assertThat(ssh().tidy(cutoff.minusSeconds(60), NOW, event("ssh.krl.tidy", ""))).as("never backwards").isEmpty();
        assertThat(ssh().krlState().version()).isEqualTo(after);
    }

    @Test
    void fiveThousandConcurrentIssuancesAllCommit() throws Exception {
        int n = 5_000;
        int threads = 32;
        List<SshCertificateRecord> certs = new ArrayList<>();
        String keyId = unique("load");
        for (int i = 0; i < n; i++) {
            certs.add(user(keyId, "load"));
        }
        long start = System.nanoTime();
        int ok = Concurrently.run(threads, t -> {
            for (int i = t; i < n; i += threads) {
                issue(certs.get(i));
            }
            return true;
        });
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        System.out.printf("%s: %d SSH issuances from %d threads in %d ms (%.0f/s)%n", db.productName(), n, threads,
                took.toMillis(), n * 1e9 / took.toNanos());
        assertThat(ok).isEqualTo(threads);
        assertThat(ssh().search(new SshCertificateQuery(NOW, Optional.empty(), Optional.empty(), Optional.of(keyId),
                Optional.empty(), SshCertificateQuery.MAX_LIMIT))).hasSize(SshCertificateQuery.MAX_LIMIT);
        certs.stream().limit(50).forEach(c -> assertThat(ssh().find(c.serial())).isPresent());
        assertThat(db.audit().verify().intact()).isTrue();
    }
}
