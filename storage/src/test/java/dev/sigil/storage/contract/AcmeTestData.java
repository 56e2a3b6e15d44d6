package dev.sigil.storage.contract;

import dev.sigil.storage.acme.AcmeAccount;
import dev.sigil.storage.acme.AcmeAuthorization;
import dev.sigil.storage.acme.AcmeChallenge;
import dev.sigil.storage.acme.AcmeIdentifier;
import dev.sigil.storage.acme.AcmeOrder;
import dev.sigil.storage.acme.AcmeStatus;
import dev.sigil.storage.acme.EabKey;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static dev.sigil.storage.contract.TestData.NOW;

/** ACME records for tests: random URL-safe ids, so that tests sharing a database never see each other's rows. */
final class AcmeTestData {

    static final Duration ORDER_LIFETIME = Duration.ofDays(7);

    private AcmeTestData() {
    }

    /** A random URL-safe id like production's (base64url of 16 random bytes). */
    static String id() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(TestData.bytes(16));
    }

    static String directory() {
        return "dir-" + id().substring(0, 8).toLowerCase();
    }

    /** A random stand-in for an RFC 7638 thumbprint (43 base64url characters). */
    static String thumbprint() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(TestData.bytes(32));
    }

    static String jwk(String thumbprint) {
        return "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + thumbprint + "\",\"y\":\"Ünïcödé-" + thumbprint + "\"}";
    }

    static AcmeAccount account(String directory) {
        String thumbprint = thumbprint();
        return new AcmeAccount(id(), directory, thumbprint, jwk(thumbprint), AcmeStatus.Account.VALID,
                List.of("mailto:ops@example.com", "mailto:Second+tag@Example.org"), true, Optional.empty(),
                NOW.plusNanos(1_000));
    }

    static AcmeAccount withEab(AcmeAccount a, String eabKeyId) {
        return new AcmeAccount(a.id(), a.directory(), a.keyThumbprint(), a.jwkJson(), a.status(), a.contacts(),
                a.termsAgreed(), Optional.of(eabKeyId), a.createdAt());
    }

    static AcmeAccount createdAt(AcmeAccount a, Instant createdAt) {
        return new AcmeAccount(a.id(), a.directory(), a.keyThumbprint(), a.jwkJson(), a.status(), a.contacts(),
                a.termsAgreed(), a.eabKeyId(), createdAt);
    }

    static EabKey eabKey(String directory) {
        return new EabKey("kid-" + id(), directory, "batch 7 — sensors", TestData.bytes(32), NOW.minusSeconds(3600),
                Optional.empty(), Optional.empty());
    }

    static AcmeIdentifier dns(String name) {
        return new AcmeIdentifier("dns", name);
    }

    /** A pending authorization with three pending challenges, in the order offered. */
    static AcmeAuthorization authorization(AcmeAccount account, AcmeIdentifier identifier, boolean wildcard) {
        return authorization(account, identifier, wildcard, AcmeStatus.Authorization.PENDING, NOW.plus(ORDER_LIFETIME));
    }

    static AcmeAuthorization authorization(AcmeAccount account, AcmeIdentifier identifier, boolean wildcard,
                                           AcmeStatus.Authorization status, Instant expiresAt) {
        String id = id();
        List<AcmeChallenge> challenges = List.of(challenge(id, "tls-alpn-01"), challenge(id, "http-01"),
                challenge(id, "dns-01"));
        return new AcmeAuthorization(id, account.id(), account.directory(), identifier, wildcard, status, expiresAt,
                challenges, NOW.plusNanos(2_000));
    }

    static AcmeChallenge challenge(String authorizationId, String type) {
        return new AcmeChallenge(id(), authorizationId, type, id() + id(), AcmeStatus.Challenge.PENDING,
                Optional.empty(), Optional.empty());
    }

    /** A pending order over {@code identifiers}, with one authorization id per identifier. */
    static AcmeOrder order(AcmeAccount account, List<AcmeIdentifier> identifiers, List<String> authorizationIds,
                           Instant createdAt) {
        return new AcmeOrder(id(), account.id(), account.directory(), AcmeStatus.Order.PENDING,
                createdAt.plus(ORDER_LIFETIME), identifiers, Optional.empty(), Optional.empty(), authorizationIds,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), createdAt);
    }
}
