package dev.sigil.service.ca.profile;

import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.config.SigilConfig;
import dev.sigil.service.error.SigilException;
import org.bouncycastle.asn1.x509.KeyPurposeId;

import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The profiles Sigil offers: three built-ins ({@code server}, {@code client}, {@code device}) whose every setting
 * can be overridden under {@code sigil.profiles.NAME}, plus any new profile named there (which starts from the
 * {@code server} defaults). Defaults suit a private CA: internal names only, no public domains.
 */
public final class Profiles {

    public static final String SERVER = "server";
    public static final String CLIENT = "client";
    public static final String DEVICE = "device";

    static final List<String> DEFAULT_DNS = List.of("localhost", ".internal", ".local", ".lan", ".home.arpa", ".test");
    static final List<String> DEFAULT_IPS = List.of("127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12",
            "192.168.0.0/16", "fc00::/7");

    private final Map<String, Profile> byName;

    private Profiles(Map<String, Profile> byName) {
        this.byName = byName;
    }

    /** Built-in profiles with configuration applied. */
    public static Profiles fromConfig(SigilConfig config) {
        Map<String, Profile> out = new LinkedHashMap<>();
        out.put(SERVER, configure(config, SERVER, Duration.ofDays(90), Duration.ofDays(397),
                List.of(KeyPurposeId.id_kp_serverAuth), true));
        out.put(CLIENT, configure(config, CLIENT, Duration.ofDays(30), Duration.ofDays(365),
                List.of(KeyPurposeId.id_kp_clientAuth), false));
        out.put(DEVICE, configure(config, DEVICE, Duration.ofDays(365), Duration.ofDays(1095),
                List.of(KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth), false));
        for (String name : config.profileNames()) {
            out.computeIfAbsent(name, n -> configure(config, n, Duration.ofDays(90), Duration.ofDays(397),
                    List.of(KeyPurposeId.id_kp_serverAuth), true));
        }
        return new Profiles(Map.copyOf(out));
    }

    private static Profile configure(SigilConfig c, String name, Duration defLife, Duration maxLife,
                                     List<KeyPurposeId> eku, boolean requireName) {
        String p = "sigil.profiles." + name + ".";
        Set<KeyType> keyTypes = c.list(p + "key-types")
                .map(l -> l.stream().map(KeyType::parse).collect(Collectors.toCollection(() -> EnumSet.noneOf(KeyType.class))))
                .map(s -> (Set<KeyType>) s)
                .orElse(EnumSet.allOf(KeyType.class));
        NamePolicy names = new NamePolicy(
                c.list(p + "allowed-dns-suffixes").orElse(DEFAULT_DNS),
                c.list(p + "denied-dns-suffixes").orElse(List.of()),
                c.list(p + "allowed-ip-ranges").orElse(DEFAULT_IPS).stream().map(IpRange::parse).toList(),
                c.list(p + "denied-ip-ranges").orElse(List.of()).stream().map(IpRange::parse).toList());
        return new Profile(name,
                c.duration(p + "default-lifetime", defLife),
                c.duration(p + "max-lifetime", maxLife),
                keyTypes, names, eku, requireName);
    }

    /** @throws SigilException policy problem naming the offered profiles */
    public Profile get(String name) {
        Profile p = byName.get(name);
        if (p == null) {
            throw SigilException.policy("unknown profile '" + name + "' (offered: " + String.join(", ", names()) + ")");
        }
        return p;
    }

    public List<String> names() {
        return byName.keySet().stream().sorted().toList();
    }

    public List<Profile> all() {
        return names().stream().map(byName::get).toList();
    }
}
