package dev.sigil.service.ssh;

import dev.sigil.service.error.SigilException;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The critical options OpenSSH defines for user certificates (PROTOCOL.certkeys). sshd refuses a certificate with a
 * critical option it does not know, so only these three are expressible.
 *
 * @param forceCommand    command run instead of the one the user asks for
 * @param sourceAddresses CIDR blocks (or addresses) the certificate may be used from; empty for anywhere
 * @param verifyRequired  require user verification (PIN or biometrics) by a FIDO security key
 */
public record SshCriticalOptions(Optional<String> forceCommand, List<String> sourceAddresses, boolean verifyRequired) {

    /** Longest force-command accepted. */
    public static final int MAX_FORCE_COMMAND_CHARS = 4096;
    /** Most source-address entries accepted. */
    public static final int MAX_SOURCE_ADDRESSES = 64;

    /** An IPv4 or IPv6 address with an optional prefix length; sshd's addr_match_cidr_list validates the rest. */
    private static final Pattern CIDR = Pattern.compile("[0-9A-Fa-f.:]{2,45}(/[0-9]{1,3})?");

    /** No critical options. */
    public static final SshCriticalOptions NONE = new SshCriticalOptions(Optional.empty(), List.of(), false);

    public SshCriticalOptions {
        Objects.requireNonNull(forceCommand, "forceCommand");
        sourceAddresses = List.copyOf(sourceAddresses);
        forceCommand.ifPresent(c -> {
            if (c.isEmpty() || c.length() > MAX_FORCE_COMMAND_CHARS || c.indexOf('\0') >= 0) {
                throw SigilException.malformed("force-command must be 1 to " + MAX_FORCE_COMMAND_CHARS + " characters without NUL");
            }
        });
        if (sourceAddresses.size() > MAX_SOURCE_ADDRESSES) {
            throw SigilException.policy("at most " + MAX_SOURCE_ADDRESSES + " source addresses");
        }
        for (String a : sourceAddresses) {
            if (!CIDR.matcher(a).matches()) {
                throw SigilException.malformed("source-address '" + a + "' is not an address or CIDR block");
            }
        }
    }

    public boolean isEmpty() {
        return forceCommand.isEmpty() && sourceAddresses.isEmpty() && !verifyRequired;
    }

    public SshCriticalOptions withForceCommand(String command) {
        return new SshCriticalOptions(Optional.of(command), sourceAddresses, verifyRequired);
    }

    public SshCriticalOptions withSourceAddresses(List<String> addresses) {
        return new SshCriticalOptions(forceCommand, addresses, verifyRequired);
    }

    public SshCriticalOptions withVerifyRequired(boolean required) {
        return new SshCriticalOptions(forceCommand, sourceAddresses, required);
    }
}
