package dev.sigil.acme.revocation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigil.acme.account.SignedRequest;
import dev.sigil.acme.certificate.CertificateFacts;
import dev.sigil.acme.directory.DirectorySettings;
import dev.sigil.acme.http.AcmeJson;
import dev.sigil.acme.http.Reply;
import dev.sigil.acme.http.ServiceUnavailable;
import dev.sigil.acme.identifier.Identifiers;
import dev.sigil.acme.jws.Base64Url;
import dev.sigil.acme.port.CaRefusal;
import dev.sigil.acme.port.CertificateAuthorityPort;
import dev.sigil.acme.port.KnownCertificate;
import dev.sigil.acme.problem.AcmeProblem;
import dev.sigil.acme.problem.ProblemType;
import dev.sigil.storage.acme.AcmeAccount;
import dev.sigil.storage.acme.AcmeAuthorization;
import dev.sigil.storage.acme.AcmeIdentifier;
import dev.sigil.storage.acme.AcmeStatus;
import dev.sigil.storage.acme.AcmeStore;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * revokeCert (RFC 8555 §7.6). Allowed when signed by the account the certificate was issued to, by an account that
 * holds valid authorizations for every identifier in it, or with the certificate's own key as "jwk". The
 * revocation is committed by the CA before the 200 answer.
 */
public final class Revocation {

    private final AcmeStore store;
    private final CertificateAuthorityPort ca;
    private final Clock clock;

    public Revocation(AcmeStore store, CertificateAuthorityPort ca, Clock clock) {
        this.store = store;
        this.ca = ca;
        this.clock = clock;
    }

    public Reply handle(SignedRequest request, DirectorySettings directory) {
        ObjectNode payload = request.jws().payloadJson();
        byte[] der = Base64Url.decode(AcmeJson.requiredText(payload, "certificate"), "\"certificate\"");
        int reason = RevocationReasons.parse(payload);
        CertificateFacts facts = CertificateFacts.parse(der);
        // The stored certificate must be byte for byte the one sent: identifiers and key are then the CA's own.
        KnownCertificate known = ca.find(der).filter(k -> Arrays.equals(k.certificateDer(), der))
                .orElseThrow(() -> new AcmeProblem(ProblemType.NOT_FOUND, "this CA did not issue that certificate"));
        String actor = authorize(request, directory, known, facts);
        if (known.revoked()) {
            throw new AcmeProblem(ProblemType.ALREADY_REVOKED, "the certificate is already revoked");
        }
        try {
            ca.revoke(known.issuerId(), known.serial(), reason, actor);
        } catch (CaRefusal refusal) {
            throw switch (refusal.reason()) {
                case ALREADY_REVOKED -> new AcmeProblem(ProblemType.ALREADY_REVOKED,
                        "the certificate is already revoked");
                case NOT_FOUND -> new AcmeProblem(ProblemType.NOT_FOUND, "this CA did not issue that certificate");
                case UNAVAILABLE -> new ServiceUnavailable("the CA is unavailable; nothing was revoked");
                case BAD_CSR, REJECTED_IDENTIFIER -> AcmeProblem.unauthorized(refusal.getMessage());
            };
        }
        return Reply.ok();
    }

    /** Returns the audit actor if the request may revoke the certificate; unauthorized otherwise. */
    private String authorize(SignedRequest request, DirectorySettings directory, KnownCertificate known,
                             CertificateFacts facts) {
        if (request.account().isEmpty()) {
            boolean ownKey = facts.publicKey().map(k -> request.key().sameKeyAs(k)).orElse(false);
            if (!ownKey) {
                throw AcmeProblem.unauthorized("a revocation signed with \"jwk\" must use the certificate's own key");
            }
            return "acme:" + directory.name() + "/certificate-key";
        }
        AcmeAccount account = request.requireAccount();
        String actor = "acme:" + directory.name() + "/" + account.id();
        if (known.requestedByAccount().filter(account.id()::equals).isPresent()) {
            return actor;
        }
        if (!facts.identifiers().isEmpty() && holdsAuthorizations(account, facts.identifiers())) {
            return actor;
        }
        throw AcmeProblem.unauthorized("this account neither requested the certificate nor holds valid "
                + "authorizations for all of its identifiers");
    }

    private boolean holdsAuthorizations(AcmeAccount account, List<AcmeIdentifier> identifiers) {
        Instant now = clock.instant();
        List<AcmeIdentifier> plain = identifiers.stream().filter(i -> !Identifiers.isWildcard(i)).toList();
        List<AcmeIdentifier> wildcards = identifiers.stream().filter(Identifiers::isWildcard)
                .map(Identifiers::authorizationIdentifier).toList();
        return covered(account, plain, false, now) && covered(account, wildcards, true, now);
    }

    private boolean covered(AcmeAccount account, List<AcmeIdentifier> identifiers, boolean wildcard, Instant now) {
        if (identifiers.isEmpty()) {
            return true;
        }
        Set<AcmeIdentifier> valid = new HashSet<>();
        for (AcmeAuthorization a : store.authorizationsFor(account.id(), account.directory(), identifiers, wildcard,
                now)) {
            if (a.status() == AcmeStatus.Authorization.VALID && a.expiresAt().isAfter(now)
                    && a.wildcard() == wildcard) {
                valid.add(a.identifier());
            }
        }
        return valid.containsAll(identifiers);
    }
}
