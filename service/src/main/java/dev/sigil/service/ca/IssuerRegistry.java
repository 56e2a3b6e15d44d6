package dev.sigil.service.ca;

import dev.sigil.service.ca.x509.SigningIssuer;
import dev.sigil.storage.issuer.IssuerKind;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The issuers loaded at start-up with their keys unlocked, and which one signs new leaf certificates. */
public final class IssuerRegistry {

    private final Map<String, SigningIssuer> byId;

    public IssuerRegistry(List<SigningIssuer> issuers) {
        this.byId = issuers.stream().collect(Collectors.toUnmodifiableMap(SigningIssuer::id, Function.identity()));
    }

    public Optional<SigningIssuer> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public List<SigningIssuer> all() {
        return byId.values().stream().sorted(Comparator.comparing(i -> i.record().createdAt())).toList();
    }

    /** The intermediate that signs leaf certificates now: the newest one valid at {@code now}. */
    public SigningIssuer issuing(Instant now) {
        return byId.values().stream()
                .filter(i -> i.record().kind() == IssuerKind.INTERMEDIATE)
                .filter(i -> !now.isBefore(i.record().notBefore()) && now.isBefore(i.record().notAfter()))
                .max(Comparator.comparing(i -> i.record().notAfter()))
                .orElseThrow(() -> new IllegalStateException("no valid issuing intermediate"));
    }

    /** The root the issuing intermediate chains to. */
    public SigningIssuer root(Instant now) {
        SigningIssuer i = issuing(now);
        String rootId = i.record().parentId().orElseThrow();
        return byId.get(rootId);
    }
}
