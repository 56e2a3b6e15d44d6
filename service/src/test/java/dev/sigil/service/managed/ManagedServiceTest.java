package dev.sigil.service.managed;

import dev.sigil.service.error.ErrorKind;
import dev.sigil.service.error.SigilException;
import dev.sigil.service.webhook.Notifier;
import dev.sigil.storage.certificate.CertificateRecord;
import dev.sigil.storage.certificate.CertificateStatus;
import dev.sigil.storage.certificate.San;
import dev.sigil.storage.managed.ManagedCertificate;
import dev.sigil.storage.managed.ManagedSpec;
import dev.sigil.storage.managed.ManagedState;
import dev.sigil.storage.managed.ManagedVersion;
import dev.sigil.storage.managed.RenewalRule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.sigil.service.managed.ManagedFixture.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Managed certificates against a real (H2) inventory, with a clock moved by hand. */
class ManagedServiceTest {

    @TempDir
    Path dir;
    ManagedFixture f;
    ManagedService managed;

    @BeforeEach
    void open() {
        f = new ManagedFixture(dir);
        managed = f.service(Map.of());
    }

    @AfterEach
    void close() {
        f.close();
    }

    private CertificateRecord inventory(ManagedVersion v) {
        return f.db.certificates().find(v.issuerId(), v.serial()).orElseThrow();
    }

    @Test
    void createPutsVersionOneInTheInventoryWithTheRequestedNamesKeyTypeAndLifetime() {
        ManagedSpec spec = new ManagedSpec("web", Optional.empty(), List.of(San.dns("web.internal"), San.ip("10.0.0.5")),
                "server", "EC_P384", Duration.ofDays(30), new RenewalRule.AtFraction(0.5),
                Optional.of("ops"), false, Duration.ZERO);

        ManagedView view = managed.create(spec, "alice");

        assertThat(view.history()).hasSize(1);
        ManagedVersion v1 = view.history().getFirst();
        assertThat(v1.version()).isEqualTo(1);
        assertThat(v1.encryptedKey()).as("listings carry no key").isEmpty();
        CertificateRecord cert = inventory(v1);
        assertThat(cert.status()).isEqualTo(CertificateStatus.VALID);
        assertThat(cert.sans()).contains(San.dns("web.internal"), San.ip("10.0.0.5"));
        assertThat(cert.keyType()).isEqualTo("EC_P384");
        assertThat(cert.profile()).isEqualTo("server");
        assertThat(cert.label()).contains("managed:web");
        assertThat(cert.requestedBy()).isEqualTo("alice");
        assertThat(cert.notAfter()).isEqualTo(ManagedFixture.START.plus(Duration.ofDays(30)));
        ManagedCertificate m = view.managed();
        assertThat(m.currentSerial()).isEqualTo(v1.serial());
        assertThat(m.nextRenewalAt()).isEqualTo(cert.notBefore().plus(Duration.between(cert.notBefore(), cert.notAfter()).dividedBy(2)));
        assertThat(f.audit("managed.create")).singleElement().satisfies(r -> assertThat(r.event().actor()).isEqualTo("alice"));
    }

    @Test
    void aTakenNameIsAConflictAndAProfileRefusalIsAPolicyErrorNamingTheRule() {
        managed.create(spec("web", false, "web.internal"), "alice");

        assertThatThrownBy(() -> managed.create(spec("web", false, "other.internal"), "alice"))
                .isInstanceOfSatisfying(SigilException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT));
        assertThatThrownBy(() -> managed.create(spec("public", false, "www.example.com"), "alice"))
                .isInstanceOfSatisfying(SigilException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.POLICY);
                    assertThat(e.getMessage()).contains("www.example.com").contains("outside the names");
                });
        assertThatThrownBy(() -> managed.show("public"))
                .isInstanceOfSatisfying(SigilException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
        assertThatThrownBy(() -> managed.create(new ManagedSpec("sneaky", Optional.empty(), List.of(San.dns("localhost")),
                ManagedService.HTTPS_PROFILE, "EC_P256", Duration.ofDays(1), new RenewalRule.AtFraction(0.5),
                Optional.empty(), false, Duration.ZERO), "alice"))
                .as("the HTTPS profile is reserved to sigil-https")
                .isInstanceOfSatisfying(SigilException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.POLICY));
    }

    @Test
    void renewDueWaitsForTheRenewalPointThenRotatesWithAFreshKeyAndKeepsHistory() throws Exception {
        ManagedView created = managed.create(spec("web", false, "web.internal"), "alice");
        Credential before = managed.credential("web");
        Instant renewAt = created.managed().nextRenewalAt();

        f.clock.advance(Duration.between(ManagedFixture.START, renewAt).minusSeconds(1));
        assertThat(managed.renewDue()).isZero();
        assertThat(managed.show("web").managed().currentVersion()).isEqualTo(1);

        f.clock.advance(Duration.ofSeconds(2));
        assertThat(managed.renewDue()).isEqualTo(1);
        assertThat(managed.renewDue()).as("the new version is not due").isZero();

        ManagedView after = managed.show("web");
        assertThat(after.managed().currentVersion()).isEqualTo(2);
        assertThat(after.history()).extracting(ManagedVersion::version).containsExactly(1, 2);
        assertThat(after.history().getFirst().supersededAt()).isPresent();
        assertThat(after.history().getFirst().revokeAfter()).as("not asked to revoke").isEmpty();
        assertThat(inventory(after.history().getFirst()).status()).isEqualTo(CertificateStatus.VALID);
        Credential now = managed.credential("web");
        assertThat(now.version()).isEqualTo(2);
        assertThat(now.certificate().getPublicKey().getEncoded()).isNotEqualTo(before.certificate().getPublicKey().getEncoded());
        assertThat(now.certificate().getNotAfter().toInstant()).isAfter(before.certificate().getNotAfter().toInstant());

        assertThat(f.events).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo("managed.rotated");
            assertThat(e.subject()).isEqualTo("web");
            assertThat(e.data()).containsEntry("version", 2).containsEntry("serial", after.managed().currentSerial())
                    .containsEntry("previousSerial", created.managed().currentSerial())
                    .containsEntry("issuer", "int-test").containsKey("notAfter");
        });
        assertThat(f.metric("sigil_managed_renewals_total{result=\"success\"}")).isEqualTo(1.0);
        assertThat(f.audit("managed.renew")).hasSize(1);
    }

    @Test
    void supersededVersionsAreRevokedAfterTheGracePeriodWithReasonSuperseded() {
        managed.create(spec("web", true, "web.internal"), "alice");
        managed.rotate("web", "bob");
        ManagedVersion v1 = managed.show("web").history().getFirst();
        assertThat(v1.revokeAfter()).contains(ManagedFixture.START.plus(Duration.ofHours(1)));

        f.clock.advance(Duration.ofMinutes(59));
        assertThat(managed.revokeSuperseded()).isZero();
        assertThat(inventory(v1).status()).isEqualTo(CertificateStatus.VALID);

        f.clock.advance(Duration.ofMinutes(1));
        assertThat(managed.revokeSuperseded()).isEqualTo(1);
        CertificateRecord revoked = inventory(v1);
        assertThat(revoked.status()).isEqualTo(CertificateStatus.REVOKED);
        assertThat(revoked.revocationReason()).contains(4);
        assertThat(managed.show("web").history().getFirst().revoked()).isTrue();
        assertThat(inventory(managed.show("web").history().get(1)).status()).as("the current one stays")
                .isEqualTo(CertificateStatus.VALID);
        assertThat(managed.revokeSuperseded()).as("done once").isZero();
    }

    @Test
    void rotateRenewsAtOnceAndDeleteStopsRenewalButLeavesTheCertificateValid() {
        managed.create(spec("web", false, "web.internal"), "alice");
        ManagedView rotated = managed.rotate("web", "bob");
        assertThat(rotated.managed().currentVersion()).isEqualTo(2);
        assertThat(f.audit("managed.rotate")).singleElement().satisfies(r -> assertThat(r.event().actor()).isEqualTo("bob"));

        managed.delete("web", "carol");
        ManagedView deleted = managed.show("web");
        assertThat(deleted.managed().state()).isEqualTo(ManagedState.DELETED);
        assertThat(inventory(deleted.history().get(1)).status()).isEqualTo(CertificateStatus.VALID);
        assertThat(f.audit("managed.delete")).hasSize(1);
        f.clock.advance(Duration.ofDays(29));
        assertThat(managed.renewDue()).isZero();
        assertThat(managed.show("web").managed().currentVersion()).isEqualTo(2);

        assertThatThrownBy(() -> managed.credential("web"))
                .isInstanceOfSatisfying(SigilException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
        assertThatThrownBy(() -> managed.rotate("web", "bob"))
                .isInstanceOfSatisfying(SigilException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT));
        assertThatThrownBy(() -> managed.rotate("nope", "bob"))
                .isInstanceOfSatisfying(SigilException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
        assertThatThrownBy(() -> managed.create(spec("web", false, "web.internal"), "alice"))
                .as("a deleted name stays taken")
                .isInstanceOfSatisfying(SigilException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT));
        assertThat(managed.list()).extracting(ManagedCertificate::name).containsExactly("web");
    }

    @Test
    void theCredentialDecryptsToTheKeyOfTheCertificateWithTheChainUpToTheRoot() throws Exception {
        managed.create(spec("web", false, "web.internal"), "alice");
        Credential c = managed.credential("web");

        byte[] data = "proof of possession".getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance("SHA384withECDSA");
        signer.initSign(c.privateKey());
        signer.update(data);
        Signature verifier = Signature.getInstance("SHA384withECDSA");
        verifier.initVerify(c.certificate().getPublicKey());
        verifier.update(data);
        assertThat(verifier.verify(signer.sign())).isTrue();

        assertThat(c.chain()).extracting(X509Certificate::getSubjectX500Principal)
                .containsExactly(f.issuer.certificate().getSubjectX500Principal(),
                        f.registry.find("root-test").orElseThrow().certificate().getSubjectX500Principal());
        assertThat(c.chainWithoutRoot()).hasSize(1);
        assertThat(c.toString()).doesNotContain(java.util.HexFormat.of().formatHex(c.privateKey().getEncoded()))
                .contains("web v1");
    }

    @Test
    void aFailingNotifierDoesNotUndoARotationAndSigilHttpsCannotBeDeleted() {
        Notifier broken = (event, subject, data) -> {
            throw new IllegalStateException("webhook store down");
        };
        ManagedService withBrokenNotifier = f.service(Map.of(), f.db.managed(), broken);
        withBrokenNotifier.create(spec("web", false, "web.internal"), "alice");

        assertThat(withBrokenNotifier.rotate("web", "bob").managed().currentVersion()).isEqualTo(2);
        assertThat(managed.credential("web").version()).isEqualTo(2);
        assertThatThrownBy(() -> managed.delete(ManagedService.HTTPS_NAME, "bob"))
                .isInstanceOfSatisfying(SigilException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT));
    }
}
