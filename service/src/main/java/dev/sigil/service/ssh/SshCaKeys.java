package dev.sigil.service.ssh;

import dev.sigil.service.error.SigilException;

import java.util.regex.Pattern;

/**
 * The CA public key in the forms OpenSSH configuration reads:
 * <ul>
 *   <li>a line for sshd's {@code TrustedUserCAKeys} file, which makes sshd accept user certificates from this CA;</li>
 *   <li>a known_hosts line {@code @cert-authority <hosts> <key>}, which makes ssh accept host certificates from it
 *       for the matching host names (sshd_config(5) and sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT").</li>
 * </ul>
 */
public final class SshCaKeys {

    /** Longest host pattern list accepted. */
    public static final int MAX_HOST_PATTERN_CHARS = 1024;

    /** Comma-separated patterns of host names, addresses, {@code *}, {@code ?}, {@code !} negation and {@code [host]:port}. */
    private static final Pattern HOST_PATTERNS = Pattern.compile("!?[A-Za-z0-9*?.\\-_:\\[\\]]+(,!?[A-Za-z0-9*?.\\-_:\\[\\]]+)*");
    private static final Pattern SAFE_COMMENT = Pattern.compile("[\\x21-\\x7e]+( [\\x21-\\x7e]+)*");

    private SshCaKeys() {
    }

    /** {@code <type> <base64>}, one line of a TrustedUserCAKeys file. */
    public static String trustedUserCaKeysLine(SshPublicKey ca) {
        return ca.toOpenSsh();
    }

    /** {@code <type> <base64> <comment>}; the comment (e.g. the CA name) is for people reading the file. */
    public static String trustedUserCaKeysLine(SshPublicKey ca, String comment) {
        if (comment == null || comment.isBlank()) {
            return trustedUserCaKeysLine(ca);
        }
        if (!SAFE_COMMENT.matcher(comment.strip()).matches()) {
            throw SigilException.malformed("comment must be printable ASCII on one line");
        }
        return ca.toOpenSsh() + " " + comment.strip();
    }

    /**
     * {@code @cert-authority <hostPatterns> <type> <base64>}, e.g. for {@code *.example.com}. Several patterns are
     * comma-separated without spaces, as known_hosts requires.
     */
    public static String knownHostsLine(String hostPatterns, SshPublicKey ca) {
        if (hostPatterns == null || hostPatterns.isEmpty() || hostPatterns.length() > MAX_HOST_PATTERN_CHARS
                || !HOST_PATTERNS.matcher(hostPatterns).matches()) {
            throw SigilException.malformed("host pattern must be 1 to " + MAX_HOST_PATTERN_CHARS + " characters of"
                    + " comma-separated host names or wildcards (e.g. *.example.com,!legacy.example.com), without spaces");
        }
        return "@cert-authority " + hostPatterns + " " + ca.toOpenSsh();
    }
}
