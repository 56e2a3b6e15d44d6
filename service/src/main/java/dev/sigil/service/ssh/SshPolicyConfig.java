package dev.sigil.service.ssh;

import dev.sigil.service.auth.Role;
import dev.sigil.service.config.ConfigKeys;
import dev.sigil.service.config.SigilConfig;
import dev.sigil.service.error.SigilException;
import dev.sigil.storage.ssh.SshCaType;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads {@link SshPolicy} from configuration: the built-in {@code user} and {@code host} policies from
 * {@code sigil.ssh.user.*} / {@code sigil.ssh.host.*} (as before named policies existed), and each policy named under
 * {@code sigil.ssh.policies.NAME.*}. A named policy must say its {@code type}; every other rule starts from the
 * built-in defaults of that type (the constants of {@link SshPolicy}, not the configured built-in), as a new X.509
 * profile starts from the {@code server} defaults. Every bad value stops the start, naming its key.
 */
final class SshPolicyConfig {

    /** Where named policies live. */
    static final String POLICIES = "sigil.ssh.policies";

    private SshPolicyConfig() {
    }

    static SshPolicy read(SigilConfig config) {
        SshPolicy.Rules u = SshPolicy.defaults(SshCaType.USER);
        SshPolicy.Rules h = SshPolicy.defaults(SshCaType.HOST);
        SshPolicy.Rules user = new SshPolicy.Rules(SshCaType.USER,
                config.duration(ConfigKeys.SSH_USER_DEFAULT_TTL, u.defaultTtl()),
                config.duration(ConfigKeys.SSH_USER_MAX_TTL, u.maxTtl()),
                config.list(ConfigKeys.SSH_USER_PRINCIPALS).orElse(u.principals()),
                config.list(ConfigKeys.SSH_USER_DENIED_PRINCIPALS).orElse(u.deniedPrincipals()),
                config.list(ConfigKeys.SSH_USER_EXTENSIONS).map(l -> extensions(ConfigKeys.SSH_USER_EXTENSIONS, l))
                        .orElse(u.defaultExtensions()),
                config.list(ConfigKeys.SSH_USER_ALLOWED_EXTENSIONS)
                        .map(l -> extensions(ConfigKeys.SSH_USER_ALLOWED_EXTENSIONS, l)).orElse(u.allowedExtensions()),
                config.list(ConfigKeys.SSH_USER_CRITICAL_OPTIONS).map(l -> (Set<String>) new LinkedHashSet<>(l))
                        .orElse(u.criticalOptions()),
                config.list(ConfigKeys.SSH_USER_KEY_TYPES).map(l -> keyTypes(ConfigKeys.SSH_USER_KEY_TYPES, l))
                        .orElse(u.keyTypes()));
        SshPolicy.Rules host = new SshPolicy.Rules(SshCaType.HOST,
                config.duration(ConfigKeys.SSH_HOST_DEFAULT_TTL, h.defaultTtl()),
                config.duration(ConfigKeys.SSH_HOST_MAX_TTL, h.maxTtl()),
                config.list(ConfigKeys.SSH_HOST_PRINCIPALS).orElse(h.principals()),
                config.list(ConfigKeys.SSH_HOST_DENIED_PRINCIPALS).orElse(h.deniedPrincipals()),
                Set.of(), Set.of(), Set.of(),
                config.list(ConfigKeys.SSH_HOST_KEY_TYPES).map(l -> keyTypes(ConfigKeys.SSH_HOST_KEY_TYPES, l))
                        .orElse(h.keyTypes()));
        Map<String, SshPolicy.Rules> named = new LinkedHashMap<>();
        for (String name : config.namesUnder(POLICIES)) {
            named.put(name, named(config, name));
        }
        return new SshPolicy(user, host, named);
    }

    private static SshPolicy.Rules named(SigilConfig c, String name) {
        String p = POLICIES + "." + name + ".";
        if (name.equals(SshCaType.USER.wireName()) || name.equals(SshCaType.HOST.wireName())) {
            throw new IllegalArgumentException(POLICIES + "." + name + ": '" + name + "' is a built-in policy;"
                    + " configure it under sigil.ssh." + name);
        }
        String typeText = c.string(p + "type").orElseThrow(() ->
                new IllegalArgumentException(p + "type must be set: user or host"));
        SshCaType type = SshCaType.parse(typeText.toLowerCase(Locale.ROOT)).orElseThrow(() ->
                new IllegalArgumentException(p + "type must be user or host, was '" + typeText + "'"));
        SshPolicy.Rules d = SshPolicy.defaults(type);
        Duration maxTtl = c.duration(p + "max-ttl", d.maxTtl());
        Set<SshExtension> allowed = c.list(p + "allowed-extensions").map(l -> extensions(p + "allowed-extensions", l))
                .orElse(d.allowedExtensions());
        // Defaults a narrower policy would contradict shrink to fit it: max-ttl 1h alone means default-ttl 1h, and
        // allowed-extensions [permit-pty] alone grants permit-pty by default. Values set explicitly are checked.
        Duration defaultTtl = c.duration(p + "default-ttl",
                d.defaultTtl().compareTo(maxTtl) > 0 ? maxTtl : d.defaultTtl());
        Set<SshExtension> granted = EnumSet.noneOf(SshExtension.class);
        d.defaultExtensions().stream().filter(allowed::contains).forEach(granted::add);
        return new SshPolicy.Rules(name, type, defaultTtl, maxTtl,
                c.list(p + "principals").orElse(d.principals()),
                c.list(p + "denied-principals").orElse(d.deniedPrincipals()),
                c.list(p + "extensions").map(l -> extensions(p + "extensions", l)).orElse(granted),
                allowed,
                c.list(p + "critical-options").map(l -> (Set<String>) new LinkedHashSet<>(l))
                        .orElse(d.criticalOptions()),
                c.list(p + "key-types").map(l -> keyTypes(p + "key-types", l)).orElse(d.keyTypes()),
                c.list(p + "roles").map(l -> roles(p + "roles", l)).orElse(SshPolicy.DEFAULT_ROLES));
    }

    private static Set<Role> roles(String key, List<String> names) {
        Set<Role> out = EnumSet.noneOf(Role.class);
        for (String n : names) {
            try {
                out.add(Role.parse(n));
            } catch (SigilException e) {
                throw new IllegalArgumentException(key + ": unknown role '" + n + "' (operator or admin)");
            }
        }
        return out;
    }

    private static Set<SshExtension> extensions(String key, List<String> names) {
        return names.stream().map(n -> SshPolicy.extension(n).orElseThrow(() -> new IllegalArgumentException(key
                + ": unknown extension '" + n + "' (one of " + Arrays.stream(SshExtension.values())
                .map(SshExtension::wireName).collect(Collectors.joining(", ")) + ")")))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(SshExtension.class)));
    }

    /** Key types by OpenSSH name ({@code ssh-ed25519}) or enum name ({@code ED25519}). */
    private static Set<SshKeyType> keyTypes(String key, List<String> names) {
        Set<SshKeyType> out = EnumSet.noneOf(SshKeyType.class);
        for (String n : names) {
            Optional<SshKeyType> t = SshKeyType.fromWireName(n);
            if (t.isEmpty()) {
                try {
                    t = Optional.of(SshKeyType.valueOf(n.toUpperCase(Locale.ROOT).replace('-', '_')));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(key + ": unknown SSH key type '" + n + "' (e.g. ssh-ed25519,"
                            + " ecdsa-sha2-nistp256, ssh-rsa, sk-ssh-ed25519@openssh.com)");
                }
            }
            out.add(t.get());
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(key + " must list at least one key type");
        }
        return out;
    }
}
