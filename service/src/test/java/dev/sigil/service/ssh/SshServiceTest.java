package dev.sigil.service.ssh;

import dev.sigil.service.auth.Role;
import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.error.ErrorKind;
import dev.sigil.service.error.SigilException;
import dev.sigil.service.metrics.SigilMetrics;
import dev.sigil.service.testing.TestClock;
import dev.sigil.storage.Database;
import dev.sigil.storage.DatabaseSettings;
import dev.sigil.storage.audit.AuditQuery;
import dev.sigil.storage.audit.AuditRecord;
import dev.sigil.storage.ssh.SshCaRecord;
import dev.sigil.storage.ssh.SshCaType;
import dev.sigil.storage.ssh.SshCertificateRecord;
import dev.sigil.storage.ssh.SshCertificateStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** SshService against a real (H2) store with a hand-moved clock: policy, revoked keys, serials, audit, KRL versions. */
class SshServiceTest {

    static final Instant START = Instant.parse("2026-03-01T10:00:00.250Z");

    @TempDir
    Path dir;
    Database db;
    TestClock clock = new TestClock(START);
    SshCas cas;

    @BeforeEach
    void open() {
        db = Database.open(DatabaseSettings.embedded(dir));
        cas = new SshCas(ca(SshCaType.USER), ca(SshCaType.HOST));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static SshCas.Ca ca(SshCaType type) {
        KeyPair pair = KeyType.ED25519.generate();
        SshPublicKey key = SshPublicKeys.fromJca(pair.getPublic());
        return new SshCas.Ca(new SshCaRecord(type, "ED25519", key.toOpenSsh(), key.fingerprint(), "test", START),
                new SshCertificateSigner(pair));
    }

    private SshService service(SshPolicy policy) {
        return new SshService(cas, policy, db.ssh(), db.ledger(), new SigilMetrics(), clock);
    }

    private SshService service() {
        return service(SshPolicy.defaults());
    }

    static String newKey() {
        return SshPublicKeys.fromJca(KeyType.ED25519.generate().getPublic()).toOpenSsh() + " someone@laptop";
    }

    private static SshPolicy withUser(SshPolicy.Rules user) {
        return new SshPolicy(user, SshPolicy.defaults().host());
    }

    private static SshPolicy.Rules userRules(List<String> principals, Set<SshExtension> allowed, Set<String> options) {
        SshPolicy.Rules d = SshPolicy.defaults().user();
        return new SshPolicy.Rules(SshCaType.USER, d.defaultTtl(), d.maxTtl(), principals, d.deniedPrincipals(),
                allowed.containsAll(d.defaultExtensions()) ? d.defaultExtensions() : Set.of(), allowed, options, d.keyTypes());
    }

    private static SigilException refusal(Runnable call) {
        return catchThrowableOfType(SigilException.class, call::run);
    }

    @Test
    void signsExactlyWhatPolicyDecidesAndRecordsItWithAnAuditRecordBeforeReturning() {
        SshService.Issued issued = service().sign(SshSignRequest.user(newKey(), "alice"), "alice");

        SshCertificateRecord r = issued.record();
        assertThat(r.serial()).isNotZero();
        assertThat(r.keyId()).isEqualTo("alice:alice");
        assertThat(r.principals()).containsExactly("alice");
        assertThat(r.validAfter()).isEqualTo(Instant.parse("2026-03-01T09:59:00Z"));
        assertThat(r.validBefore()).isEqualTo(Instant.parse("2026-03-01T18:00:00Z")); // default 8h, whole seconds
        assertThat(r.caFingerprint()).isEqualTo(cas.get(SshCaType.USER).publicKey().fingerprint());
        assertThat(issued.certificate().request().extensions()).isEqualTo(SshCertificateRequest.DEFAULT_USER_EXTENSIONS);
        assertThat(SshCertificateFields.read(r.certificate()).extensions()).containsExactly("permit-X11-forwarding",
                "permit-agent-forwarding", "permit-port-forwarding", "permit-pty", "permit-user-rc");
        assertThat(db.ssh().find(r.serial())).hasValueSatisfying(stored -> {
            assertThat(stored.certificate()).isEqualTo(issued.certificate().blob());
            assertThat(stored.status()).isEqualTo(SshCertificateStatus.VALID);
            assertThat(stored.requestedBy()).isEqualTo("alice");
        });
        List<AuditRecord> audit = audit("ssh.certificate.issue");
        assertThat(audit).singleElement().satisfies(a -> {
            assertThat(a.event().target()).isEqualTo("ssh/" + r.serialText());
            assertThat(a.event().outcome()).isEqualTo("success");
            assertThat(a.event().details()).contains("keyId=alice:alice").contains(r.fingerprint());
        });
    }

    @Test
    void aGeneratedKeyIsCertifiedAndHandedBackButRecordedNowhere() {
        SshService.Issued issued = service().sign(SshSignRequest.user(
                new SshSignRequest.NewKey(SshGeneratedKeyType.ECDSA_P256), "alice").withKeyId("alice@generated"), "alice");

        SshService.GeneratedKey key = issued.generatedKey().orElseThrow();
        SshCertificateRecord r = issued.record();
        SshPublicKey certified = issued.certificate().request().subjectKey();
        assertThat(certified.type()).isEqualTo(SshKeyType.ECDSA_P256);
        assertThat(key.publicKey()).isEqualTo(certified.toOpenSsh() + " alice@generated");
        assertThat(SshPublicKeys.parse(key.publicKey()).fingerprint()).isEqualTo(r.fingerprint());
        assertThat(key.privateKey()).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----\n");
        assertThat(key.toString()).doesNotContain("PRIVATE").contains("ecdsa-p256");
        assertThat(issued.toString()).doesNotContain("PRIVATE");
        assertThat(audit("ssh.certificate.issue")).singleElement().satisfies(a -> assertThat(a.event().details())
                .contains("generatedKey=ecdsa-p256", r.fingerprint()).doesNotContain("PRIVATE"));
        // A client key comes back without one.
        assertThat(service().sign(SshSignRequest.user(newKey(), "alice"), "alice").generatedKey()).isEmpty();
    }

    @Test
    void aGeneratedKeyTypeOutsidePolicyIsRefusedAndNothingIsSigned() {
        SshPolicy.Rules d = SshPolicy.defaults().user();
        SshService ed25519Only = service(withUser(new SshPolicy.Rules(SshCaType.USER, d.defaultTtl(), d.maxTtl(),
                d.principals(), d.deniedPrincipals(), d.defaultExtensions(), d.allowedExtensions(), d.criticalOptions(),
                Set.of(SshKeyType.ED25519))));

        SigilException refused = refusal(() -> ed25519Only.sign(SshSignRequest.user(
                new SshSignRequest.NewKey(SshGeneratedKeyType.RSA_3072), "alice"), "alice"));

        assertThat(refused.kind()).isEqualTo(ErrorKind.POLICY);
        assertThat(refused.getMessage()).isEqualTo("key type ssh-rsa is not allowed by sigil.ssh.user.key-types");
        assertThat(audit("ssh.certificate.issue")).singleElement()
                .satisfies(a -> assertThat(a.event().outcome()).isEqualTo("denied"));
        assertThat(ed25519Only.sign(SshSignRequest.user(new SshSignRequest.NewKey(SshGeneratedKeyType.ED25519),
                "alice"), "alice").generatedKey()).hasValueSatisfying(k -> assertThat(k.publicKey())
                .startsWith("ssh-ed25519 ").endsWith(" alice:alice"));
    }

    @Test
    void principalRefusalsNameTheRuleAndAreAuditedAsDenied() {
        SigilException notOwn = refusal(() -> service().sign(SshSignRequest.user(newKey(), "bob"), "alice"));
        assertThat(notOwn.kind()).isEqualTo(ErrorKind.POLICY);
        assertThat(notOwn.getMessage()).isEqualTo("principal 'bob' is not allowed by sigil.ssh.user.principals (${token})");

        SshService anyone = service(withUser(userRules(List.of("*"), EnumSet.allOf(SshExtension.class),
                SshPolicy.CRITICAL_OPTIONS)));
        assertThat(anyone.sign(SshSignRequest.user(newKey(), "bob"), "alice").record().principals()).containsExactly("bob");
        SigilException root = refusal(() -> anyone.sign(SshSignRequest.user(newKey(), "deploy", "root"), "alice"));
        assertThat(root.getMessage()).isEqualTo("principal 'root' is denied by sigil.ssh.user.denied-principals");

        SigilException host = refusal(() -> service().sign(SshSignRequest.host(newKey(), "web.example.com"), "alice"));
        assertThat(host.getMessage()).startsWith("principal 'web.example.com' is not allowed by sigil.ssh.host.principals");
        assertThat(service().sign(SshSignRequest.host(newKey(), "Web.Internal", "localhost"), "alice").record().principals())
                .containsExactly("Web.Internal", "localhost");

        assertThat(audit("ssh.certificate.issue")).filteredOn(a -> a.event().outcome().equals("denied"))
                .extracting(a -> a.event().details())
                .anySatisfy(d -> assertThat(d).contains("principal 'root' is denied"))
                .hasSize(3);
    }

    @Test
    void ttlIsCappedByPolicyNeverTrimmed() {
        SigilException tooLong = refusal(() -> service().sign(SshSignRequest.user(newKey(), "alice")
                .withTtl(Duration.ofHours(17)), "alice"));
        assertThat(tooLong.kind()).isEqualTo(ErrorKind.POLICY);
        assertThat(tooLong.getMessage()).isEqualTo("the requested ttl 17h exceeds sigil.ssh.user.max-ttl (16h)");
        SshCertificateRecord r = service().sign(SshSignRequest.user(newKey(), "alice").withTtl(Duration.ofHours(16)),
                "alice").record();
        assertThat(r.validBefore()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z").plus(Duration.ofHours(16)));
        SshCertificateRecord host = service().sign(SshSignRequest.host(newKey(), "db.internal"), "ops").record();
        assertThat(Duration.between(Instant.parse("2026-03-01T10:00:00Z"), host.validBefore())).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void revokedKeysAndKeyIdsAreRefusedOthersAreNot() {
        SshService ssh = service();
        String key = newKey();
        ssh.sign(SshSignRequest.user(key, "alice"), "alice");
        SshService.Revoked r = ssh.revokePublicKey(key, Optional.of("laptop stolen"), "admin");
        assertThat(r.certificates()).isEqualTo(1);
        SigilException refused = refusal(() -> ssh.sign(SshSignRequest.user(key, "alice"), "alice"));
        assertThat(refused.kind()).isEqualTo(ErrorKind.POLICY);
        assertThat(refused.getMessage()).startsWith("this key is revoked");
        assertThat(refusal(() -> ssh.revokePublicKey(key, Optional.empty(), "admin")).kind()).isEqualTo(ErrorKind.CONFLICT);

        ssh.revokeKeyId(SshCaType.USER, "alice:alice", Optional.empty(), "admin");
        SigilException keyId = refusal(() -> ssh.sign(SshSignRequest.user(newKey(), "alice"), "alice"));
        assertThat(keyId.getMessage()).isEqualTo("key id 'alice:alice' is revoked for user certificates");
        assertThat(ssh.sign(SshSignRequest.user(newKey(), "alice").withKeyId("alice-2"), "alice").record().keyId())
                .isEqualTo("alice-2");
    }

    @Test
    void serialsAreRandomNonZeroAndUnique() {
        SshService ssh = service();
        Set<Long> serials = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            serials.add(ssh.sign(SshSignRequest.user(newKey(), "alice"), "alice").record().serial());
        }
        assertThat(serials).hasSize(200).doesNotContain(0L);
        assertThat(serials).anyMatch(s -> s < 0).as("serials use all 64 bits (>= 2^63 as negative longs)");
    }

    @Test
    void extensionsOptionsAndKeyTypesFollowPolicy() {
        SshService strict = service(withUser(userRules(List.of("${token}"), EnumSet.of(SshExtension.PERMIT_PTY),
                Set.of("source-address"))));
        SigilException ext = refusal(() -> strict.sign(SshSignRequest.user(newKey(), "alice")
                .withExtensions(List.of(SshExtension.PERMIT_PTY, SshExtension.PERMIT_AGENT_FORWARDING)), "alice"));
        assertThat(ext.getMessage()).isEqualTo("extension permit-agent-forwarding is not allowed by sigil.ssh.user.allowed-extensions");
        SigilException opt = refusal(() -> strict.sign(SshSignRequest.user(newKey(), "alice")
                .withCriticalOptions(SshCriticalOptions.NONE.withForceCommand("/bin/true")), "alice"));
        assertThat(opt.getMessage()).isEqualTo("critical option force-command is not allowed by sigil.ssh.user.critical-options");
        SshCertificateRecord ok = strict.sign(SshSignRequest.user(newKey(), "alice").withExtensions(List.of(SshExtension.PERMIT_PTY))
                .withCriticalOptions(SshCriticalOptions.NONE.withSourceAddresses(List.of("10.0.0.0/8"))), "alice").record();
        SshCertificateFields fields = SshCertificateFields.read(ok.certificate());
        assertThat(fields.extensions()).containsExactly("permit-pty");
        assertThat(fields.criticalOptions()).containsExactly(java.util.Map.entry("source-address", "10.0.0.0/8"));

        SigilException hostExt = refusal(() -> service().sign(SshSignRequest.host(newKey(), "a.internal")
                .withExtensions(List.of(SshExtension.PERMIT_PTY)), "ops"));
        assertThat(hostExt.getMessage()).isEqualTo("extension permit-pty is not allowed by sigil.ssh.host.allowed-extensions");

        SshPolicy.Rules d = SshPolicy.defaults().user();
        SshService edOnly = service(withUser(new SshPolicy.Rules(SshCaType.USER, d.defaultTtl(), d.maxTtl(), d.principals(),
                d.deniedPrincipals(), d.defaultExtensions(), d.allowedExtensions(), d.criticalOptions(),
                Set.of(SshKeyType.ED25519))));
        String ecKey = SshPublicKeys.fromJca(KeyType.EC_P256.generate().getPublic()).toOpenSsh();
        assertThat(refusal(() -> edOnly.sign(SshSignRequest.user(ecKey, "alice"), "alice")).getMessage())
                .isEqualTo("key type ecdsa-sha2-nistp256 is not allowed by sigil.ssh.user.key-types");
    }

    @Test
    void malformedAndDsaKeysAreRefusedWithTheirKinds() {
        String dsa = "ssh-dss " + Base64.getEncoder().encodeToString(new SshWireWriter().putString("ssh-dss")
                .putMpint(BigInteger.TWO).putMpint(BigInteger.TWO).putMpint(BigInteger.TWO).putMpint(BigInteger.TWO)
                .toByteArray());
        assertThat(refusal(() -> service().sign(SshSignRequest.user(dsa, "alice"), "alice")).kind()).isEqualTo(ErrorKind.POLICY);
        assertThat(refusal(() -> service().sign(SshSignRequest.user("ssh-ed25519 !!notbase64", "alice"), "alice")).kind())
                .isEqualTo(ErrorKind.MALFORMED);
        assertThat(refusal(() -> service().sign(SshSignRequest.user(newKey()), "alice")).kind()).isEqualTo(ErrorKind.POLICY);
        assertThat(db.ssh().krlState().version()).isZero();
    }

    @Test
    void revocationsBumpTheKrlVersionAndTheKrlFollowsAtOnce() {
        SshService ssh = service();
        KrlService krl = new KrlService(db.ssh(), cas);
        KrlService.Served empty = krl.current();
        assertThat(empty.version()).isZero();
        SshCertificateRecord a = ssh.sign(SshSignRequest.user(newKey(), "alice"), "alice").record();
        clock.advance(Duration.ofMinutes(5));

        SshService.Revoked r = ssh.revokeSerial(a.serialText(), Optional.of("left the team"), "admin");
        assertThat(r).isEqualTo(new SshService.Revoked("serial", 1, 1));
        KrlService.Served after = krl.current();
        assertThat(after.version()).isEqualTo(1);
        assertThat(after.generatedAt()).isEqualTo(START.plus(Duration.ofMinutes(5)));
        assertThat(after.krl()).isNotEqualTo(empty.krl());
        assertThat(new KrlService(db.ssh(), cas).current().krl()).as("another node builds the same bytes").isEqualTo(after.krl());

        assertThat(refusal(() -> ssh.revokeSerial(a.serialText(), Optional.empty(), "admin")).kind()).isEqualTo(ErrorKind.CONFLICT);
        assertThat(refusal(() -> ssh.revokeSerial("12345", Optional.empty(), "admin")).kind()).isEqualTo(ErrorKind.NOT_FOUND);
        assertThat(refusal(() -> ssh.revokeSerial("0", Optional.empty(), "admin")).kind()).isEqualTo(ErrorKind.MALFORMED);
        assertThat(refusal(() -> ssh.revokeSerial("18446744073709551616", Optional.empty(), "admin")).kind())
                .isEqualTo(ErrorKind.MALFORMED);
        assertThat(ssh.revokeKeyId(SshCaType.HOST, "nobody", Optional.empty(), "admin").krlVersion()).isEqualTo(2);
        assertThat(krl.current().version()).isEqualTo(2);
        assertThat(audit("ssh.certificate.revoke")).singleElement()
                .satisfies(x -> assertThat(x.event().details()).isEqualTo("reason=left the team"));
    }

    /** The built-ins at their defaults, plus deploy (narrow, user), glass (admin only, user) and web (host). */
    private SshService withNamedPolicies() {
        return service(SshPolicy.fromConfig(dev.sigil.service.config.SigilConfig.load(Optional.empty(), Map.of(),
                Map.ofEntries(
                        Map.entry("sigil.ssh.policies.deploy.type", "user"),
                        Map.entry("sigil.ssh.policies.deploy.principals", "deploy-*"),
                        Map.entry("sigil.ssh.policies.deploy.max-ttl", "1h"),
                        Map.entry("sigil.ssh.policies.deploy.allowed-extensions", "permit-pty"),
                        Map.entry("sigil.ssh.policies.deploy.critical-options", "force-command"),
                        Map.entry("sigil.ssh.policies.deploy.key-types", "ssh-ed25519"),
                        Map.entry("sigil.ssh.policies.glass.type", "user"),
                        Map.entry("sigil.ssh.policies.glass.principals", "*"),
                        Map.entry("sigil.ssh.policies.glass.denied-principals", "nobody"),
                        Map.entry("sigil.ssh.policies.glass.roles", "admin"),
                        Map.entry("sigil.ssh.policies.web.type", "host"),
                        Map.entry("sigil.ssh.policies.web.principals", "*.example.com")))));
    }

    @Test
    void aNamedPolicySignsUnderItsOwnRulesAndIsAudited() {
        SshService ssh = withNamedPolicies();

        SshService.Issued issued = ssh.sign(SshSignRequest.user(newKey(), "deploy-web").withPolicy("deploy")
                .withCriticalOptions(new SshCriticalOptions(Optional.of("/bin/deploy"), List.of(), false)), "alice");

        SshCertificateRecord r = issued.record();
        assertThat(r.validBefore()).as("the policy's default ttl: its 1h max-ttl")
                .isEqualTo(Instant.parse("2026-03-01T11:00:00Z"));
        assertThat(issued.certificate().request().extensions()).containsExactly(SshExtension.PERMIT_PTY);
        assertThat(audit("ssh.certificate.issue")).singleElement().satisfies(a -> assertThat(a.event().details())
                .startsWith("type=user policy=deploy keyId=alice:deploy-web"));
        // The same principal under the built-in user policy is the caller's own name only.
        assertThat(refusal(() -> ssh.sign(SshSignRequest.user(newKey(), "deploy-web"), "alice")).getMessage())
                .isEqualTo("principal 'deploy-web' is not allowed by sigil.ssh.user.principals (${token})");
        assertThat(ssh.sign(SshSignRequest.host(newKey(), "db.example.com").withPolicy("web"), "alice").record()
                .principals()).containsExactly("db.example.com");
        assertThat(ssh.sign(SshSignRequest.user(newKey(), "alice").withPolicy("user"), "alice").record().principals())
                .as("the built-in named explicitly").containsExactly("alice");
    }

    @Test
    void eachRuleOfANamedPolicyRefusesNamingItsKeyAndIsAuditedWithThePolicy() {
        SshService ssh = withNamedPolicies();
        SshSignRequest deploy = SshSignRequest.user(newKey(), "deploy-web").withPolicy("deploy");

        assertThat(refusal(() -> ssh.sign(SshSignRequest.user(newKey(), "alice").withPolicy("deploy"), "alice"))
                .getMessage()).isEqualTo("principal 'alice' is not allowed by sigil.ssh.policies.deploy.principals (deploy-*)");
        assertThat(refusal(() -> ssh.sign(SshSignRequest.user(newKey(), "deploy-root", "root").withPolicy("deploy"),
                "alice")).getMessage()).isEqualTo("principal 'root' is denied by sigil.ssh.policies.deploy.denied-principals");
        assertThat(refusal(() -> ssh.sign(deploy.withTtl(Duration.ofHours(2)), "alice")).getMessage())
                .isEqualTo("the requested ttl 2h exceeds sigil.ssh.policies.deploy.max-ttl (1h)");
        assertThat(refusal(() -> ssh.sign(deploy.withExtensions(List.of(SshExtension.PERMIT_AGENT_FORWARDING)),
                "alice")).getMessage())
                .isEqualTo("extension permit-agent-forwarding is not allowed by sigil.ssh.policies.deploy.allowed-extensions");
        assertThat(refusal(() -> ssh.sign(deploy.withCriticalOptions(new SshCriticalOptions(Optional.empty(),
                List.of("10.0.0.0/8"), false)), "alice")).getMessage())
                .isEqualTo("critical option source-address is not allowed by sigil.ssh.policies.deploy.critical-options");
        String ecKey = SshPublicKeys.fromJca(KeyType.EC_P256.generate().getPublic()).toOpenSsh();
        SigilException keyType = refusal(() -> ssh.sign(SshSignRequest.user(ecKey, "deploy-web").withPolicy("deploy"),
                "alice"));
        assertThat(keyType.kind()).isEqualTo(ErrorKind.POLICY);
        assertThat(keyType.getMessage())
                .isEqualTo("key type ecdsa-sha2-nistp256 is not allowed by sigil.ssh.policies.deploy.key-types");
        SigilException generated = refusal(() -> ssh.sign(SshSignRequest.user(
                new SshSignRequest.NewKey(SshGeneratedKeyType.RSA_3072), "deploy-web").withPolicy("deploy"), "alice"));
        assertThat(generated.getMessage()).isEqualTo("key type ssh-rsa is not allowed by sigil.ssh.policies.deploy.key-types");

        assertThat(db.ssh().search(new dev.sigil.storage.ssh.SshCertificateQuery(clock.instant(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), 10))).as("nothing signed").isEmpty();
        assertThat(audit("ssh.certificate.issue")).hasSize(7).allSatisfy(a -> {
            assertThat(a.event().outcome()).isEqualTo("denied");
            assertThat(a.event().details()).startsWith("type=user policy=deploy principals=");
        });
    }

    @Test
    void unknownPoliciesPoliciesOfTheOtherTypeAndRolesNotListedAreRefused() {
        SshService ssh = withNamedPolicies();

        SigilException unknown = refusal(() -> ssh.sign(SshSignRequest.user(newKey(), "alice").withPolicy("dpeloy"),
                "alice"));
        assertThat(unknown.kind()).isEqualTo(ErrorKind.POLICY);
        assertThat(unknown.getMessage()).isEqualTo("unknown SSH policy 'dpeloy' (offered: user, host, deploy, glass, web)");
        SigilException otherType = refusal(() -> ssh.sign(SshSignRequest.host(newKey(), "db.internal").withPolicy("deploy"),
                "alice"));
        assertThat(otherType.kind()).isEqualTo(ErrorKind.POLICY);
        assertThat(otherType.getMessage()).isEqualTo("SSH policy 'deploy' signs user certificates, not host certificates"
                + " (sigil.ssh.policies.deploy.type)");

        SshSignRequest glass = SshSignRequest.user(newKey(), "root").withPolicy("glass");
        SigilException operator = refusal(() -> ssh.sign(glass, "alice", Role.OPERATOR));
        assertThat(operator.kind()).isEqualTo(ErrorKind.FORBIDDEN);
        assertThat(operator.getMessage()).isEqualTo("SSH policy 'glass' is for admin tokens"
                + " (sigil.ssh.policies.glass.roles); the token has operator");
        assertThat(refusal(() -> ssh.sign(glass, "alice")).kind()).as("the two-argument sign is an operator's")
                .isEqualTo(ErrorKind.FORBIDDEN);
        assertThat(ssh.sign(glass, "root-admin", Role.ADMIN).record().principals()).containsExactly("root");
        assertThat(ssh.sign(SshSignRequest.user(newKey(), "deploy-x").withPolicy("deploy"), "boss", Role.ADMIN)
                .record().principals()).as("admin includes operator").containsExactly("deploy-x");

        assertThat(audit("ssh.certificate.issue")).filteredOn(a -> a.event().outcome().equals("denied"))
                .extracting(a -> a.event().details())
                .containsExactlyInAnyOrder(
                        "type=user policy=dpeloy principals=[alice]: unknown SSH policy 'dpeloy' (offered: user, host,"
                                + " deploy, glass, web)",
                        "type=host policy=deploy principals=[db.internal]: SSH policy 'deploy' signs user certificates,"
                                + " not host certificates (sigil.ssh.policies.deploy.type)",
                        "type=user policy=glass principals=[root]: " + operator.getMessage(),
                        "type=user policy=glass principals=[root]: " + operator.getMessage());
        assertThat(audit("ssh.certificate.issue")).filteredOn(a -> a.event().outcome().equals("success"))
                .extracting(a -> a.event().details()).anySatisfy(d -> assertThat(d).startsWith("type=user policy=glass"));
    }

    private List<AuditRecord> audit(String action) {
        return db.audit().list(new AuditQuery(Optional.empty(), Optional.of(action), Optional.empty(), Optional.empty(),
                Optional.empty(), 0, AuditQuery.MAX_LIMIT));
    }
}
