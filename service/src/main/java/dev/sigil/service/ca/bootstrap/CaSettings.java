package dev.sigil.service.ca.bootstrap;

import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.config.ConfigKeys;
import dev.sigil.service.config.SigilConfig;

import java.time.Duration;
import java.util.Optional;

/**
 * How a new CA hierarchy is made on first start.
 *
 * @param keyType              key type of the root and intermediate
 * @param rootName             root CN
 * @param intermediateName     intermediate CN
 * @param organization         O= for both, if set
 * @param rootValidity         root lifetime
 * @param intermediateValidity intermediate lifetime (clipped to the root's)
 */
public record CaSettings(KeyType keyType, String rootName, String intermediateName, Optional<String> organization,
                         Duration rootValidity, Duration intermediateValidity) {

    public static CaSettings from(SigilConfig c) {
        return new CaSettings(
                KeyType.parse(c.string(ConfigKeys.CA_KEY_TYPE, "EC_P256")),
                c.string(ConfigKeys.CA_ROOT_NAME, "Sigil Root CA"),
                c.string(ConfigKeys.CA_INTERMEDIATE_NAME, "Sigil Issuing CA 1"),
                c.string(ConfigKeys.CA_ORGANIZATION),
                c.duration(ConfigKeys.CA_ROOT_VALIDITY, Duration.ofDays(3650)),
                c.duration(ConfigKeys.CA_INTERMEDIATE_VALIDITY, Duration.ofDays(1825)));
    }
}
