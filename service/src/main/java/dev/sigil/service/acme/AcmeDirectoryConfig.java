package dev.sigil.service.acme;

import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.ca.profile.IpRange;
import dev.sigil.service.ca.profile.NamePolicy;
import dev.sigil.service.ca.profile.Profile;
import dev.sigil.service.ca.profile.Profiles;
import dev.sigil.service.config.SigilConfig;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * One ACME directory as the operator configured it under {@code sigil.acme.directories.NAME}: the profile it issues
 * under, narrowed by the directory's own identifier policy, key types and lifetimes. A directory named
 * {@code default} exists on a zero-config start (profile {@code server}, internal names and private IPs, all three
 * challenge types, 30-day certificates, no EAB).
 *
 * @param name         the {@code {name}} in {@code /acme/{name}/directory}
 * @param profile      the effective profile: the named profile with this directory's overrides applied
 * @param challenges   challenge types offered
 * @param eabRequired  whether new accounts need External Account Binding
 * @param termsOfService meta.termsOfService
 * @param website      meta.website
 * @param caaIdentities meta.caaIdentities
 */
public record AcmeDirectoryConfig(String name, Profile profile, Set<String> challenges, boolean eabRequired,
                                  Optional<URI> termsOfService, Optional<URI> website, List<String> caaIdentities) {

    public static final String DEFAULT = "default";
    public static final Set<String> CHALLENGE_TYPES = Set.of("http-01", "dns-01", "tls-alpn-01");
    static final Duration DEFAULT_LIFETIME = Duration.ofDays(30);

    public AcmeDirectoryConfig {
        challenges = Set.copyOf(challenges);
        caaIdentities = List.copyOf(caaIdentities);
    }

    /**
     * The enabled directories, {@code default} first.
     *
     * @throws IllegalArgumentException naming the key of a bad setting
     */
    public static List<AcmeDirectoryConfig> fromConfig(SigilConfig config, Profiles profiles) {
        Set<String> names = new LinkedHashSet<>();
        names.add(DEFAULT);
        names.addAll(config.namesUnder("sigil.acme.directories"));
        List<AcmeDirectoryConfig> out = new ArrayList<>();
        for (String name : names) {
            String p = "sigil.acme.directories." + name + ".";
            if (config.bool(p + "enabled", true)) {
                out.add(read(config, profiles, name, p));
            }
        }
        return List.copyOf(out);
    }

    private static AcmeDirectoryConfig read(SigilConfig c, Profiles profiles, String name, String p) {
        String profileName = c.string(p + "profile", Profiles.SERVER);
        Profile base;
        try {
            base = profiles.get(profileName);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(p + "profile: unknown profile '" + profileName + "' (offered: "
                    + String.join(", ", profiles.names()) + ")");
        }
        Duration max = c.duration(p + "max-lifetime", base.maxLifetime());
        Duration lifetime = c.duration(p + "lifetime", DEFAULT_LIFETIME.compareTo(max) > 0 ? max : DEFAULT_LIFETIME);
        if (lifetime.compareTo(max) > 0) {
            throw new IllegalArgumentException(p + "lifetime exceeds " + p + "max-lifetime");
        }
        if (max.compareTo(base.maxLifetime()) > 0) {
            throw new IllegalArgumentException(p + "max-lifetime exceeds profile " + base.name() + "'s max-lifetime");
        }
        Set<KeyType> keyTypes = c.list(p + "key-types")
                .map(l -> l.stream().map(KeyType::parse).collect(Collectors.toCollection(() -> EnumSet.noneOf(KeyType.class))))
                .map(s -> (Set<KeyType>) s)
                .orElse(base.keyTypes());
        NamePolicy basePolicy = base.names();
        NamePolicy names = new NamePolicy(
                c.list(p + "allowed-dns-suffixes").orElse(basePolicy.allowedDns()),
                c.list(p + "denied-dns-suffixes").orElse(basePolicy.deniedDns()),
                c.list(p + "allowed-ip-ranges").map(l -> l.stream().map(IpRange::parse).toList()).orElse(basePolicy.allowedIps()),
                c.list(p + "denied-ip-ranges").map(l -> l.stream().map(IpRange::parse).toList()).orElse(basePolicy.deniedIps()));
        Set<String> challenges = new TreeSet<>(c.list(p + "challenges").orElse(List.copyOf(CHALLENGE_TYPES)));
        if (challenges.isEmpty() || !CHALLENGE_TYPES.containsAll(challenges)) {
            throw new IllegalArgumentException(p + "challenges must name some of " + new TreeSet<>(CHALLENGE_TYPES)
                    + ", was " + challenges);
        }
        Profile effective = new Profile(base.name(), lifetime, max, keyTypes, names, base.extendedKeyUsage(), true);
        return new AcmeDirectoryConfig(name, effective, challenges, c.bool(p + "eab-required", false),
                c.string(p + "terms-of-service").map(v -> uri(p + "terms-of-service", v)),
                c.string(p + "website").map(v -> uri(p + "website", v)),
                c.list(p + "caa-identities").orElse(List.of()));
    }

    private static URI uri(String key, String value) {
        try {
            URI u = URI.create(value);
            if (u.getScheme() == null || !(u.getScheme().equals("https") || u.getScheme().equals("http"))) {
                throw new IllegalArgumentException();
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " must be an http(s) URL, was '" + value + "'");
        }
    }
}
