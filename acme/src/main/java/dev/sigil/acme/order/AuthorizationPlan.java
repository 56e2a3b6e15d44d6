package dev.sigil.acme.order;

import dev.sigil.acme.directory.DirectorySettings;
import dev.sigil.acme.directory.ResourceIds;
import dev.sigil.acme.identifier.Identifiers;
import dev.sigil.storage.acme.AcmeAccount;
import dev.sigil.storage.acme.AcmeAuthorization;
import dev.sigil.storage.acme.AcmeChallenge;
import dev.sigil.storage.acme.AcmeIdentifier;
import dev.sigil.storage.acme.AcmeStatus;
import dev.sigil.storage.acme.AcmeStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The authorizations of a new order: one per identifier, reused where the account already has one for the same
 * identifier (and wildcard flag) that lives at least the directory's reuse margin longer (a valid one preferred,
 * else a pending one), otherwise new, with one challenge per type that can validate it.
 *
 * @param authorizationIds one per identifier, in identifier order
 * @param created          the new authorizations, to store with the order
 * @param earliestExpiry   the soonest any of them expires
 * @param allValid         whether every one is already valid (the order is then ready at once)
 */
record AuthorizationPlan(List<String> authorizationIds, List<AcmeAuthorization> created, Instant earliestExpiry,
                         boolean allValid) {

    static AuthorizationPlan make(AcmeStore store, AcmeAccount account, DirectorySettings directory,
                                  List<AcmeIdentifier> identifiers, Instant now) {
        Instant reuseUntil = now.plus(directory.reuseMargin());
        List<AcmeAuthorization> reusable = new ArrayList<>();
        reusable.addAll(existing(store, account, identifiers, false, reuseUntil));
        reusable.addAll(existing(store, account, identifiers, true, reuseUntil));
        List<String> ids = new ArrayList<>();
        List<AcmeAuthorization> created = new ArrayList<>();
        Instant earliest = Instant.MAX;
        boolean allValid = true;
        for (AcmeIdentifier identifier : identifiers) {
            boolean wildcard = Identifiers.isWildcard(identifier);
            AcmeIdentifier base = Identifiers.authorizationIdentifier(identifier);
            Optional<AcmeAuthorization> reused = pick(reusable, base, wildcard, now);
            AcmeAuthorization chosen = reused.orElseGet(() -> fresh(account, directory, identifier, now));
            if (reused.isEmpty()) {
                created.add(chosen);
            }
            ids.add(chosen.id());
            earliest = chosen.expiresAt().isBefore(earliest) ? chosen.expiresAt() : earliest;
            allValid &= chosen.status() == AcmeStatus.Authorization.VALID;
        }
        return new AuthorizationPlan(ids, created, earliest, allValid);
    }

    private static List<AcmeAuthorization> existing(AcmeStore store, AcmeAccount account,
                                                    List<AcmeIdentifier> identifiers, boolean wildcard,
                                                    Instant reuseUntil) {
        List<AcmeIdentifier> bases = identifiers.stream().filter(i -> Identifiers.isWildcard(i) == wildcard)
                .map(Identifiers::authorizationIdentifier).toList();
        return bases.isEmpty() ? List.of()
                : store.authorizationsFor(account.id(), account.directory(), bases, wildcard, reuseUntil);
    }

    private static Optional<AcmeAuthorization> pick(List<AcmeAuthorization> reusable, AcmeIdentifier base,
                                                    boolean wildcard, Instant now) {
        Comparator<AcmeAuthorization> preference = Comparator
                .comparing((AcmeAuthorization a) -> OrderState.effective(a, now) == AcmeStatus.Authorization.VALID)
                .thenComparing(AcmeAuthorization::expiresAt);
        return reusable.stream()
                .filter(a -> a.identifier().equals(base) && a.wildcard() == wildcard)
                .filter(a -> {
                    AcmeStatus.Authorization s = OrderState.effective(a, now);
                    return s == AcmeStatus.Authorization.VALID || s == AcmeStatus.Authorization.PENDING;
                })
                .max(preference);
    }

    private static AcmeAuthorization fresh(AcmeAccount account, DirectorySettings directory,
                                           AcmeIdentifier identifier, Instant now) {
        String id = ResourceIds.newId();
        List<AcmeChallenge> challenges = ChallengeTypes.offered(identifier, directory.challengeTypes()).stream()
                .map(type -> new AcmeChallenge(ResourceIds.newId(), id, type, ResourceIds.newToken(),
                        AcmeStatus.Challenge.PENDING, Optional.empty(), Optional.empty()))
                .toList();
        return new AcmeAuthorization(id, account.id(), account.directory(),
                Identifiers.authorizationIdentifier(identifier), Identifiers.isWildcard(identifier),
                AcmeStatus.Authorization.PENDING, now.plus(directory.authorizationLifetime()), challenges, now);
    }
}
