package dev.sigil.cli.login;

import dev.sigil.cli.config.ConfigFileEditor;
import dev.sigil.cli.config.PrivateFiles;
import dev.sigil.cli.config.SettingsResolver;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * What {@code sigil login} leaves in the config directory ({@code ~/.config/sigil}, mode 0700): the token in
 * {@value #TOKEN_FILE} (0600), the trusted CA in {@value #CA_FILE}, and {@code config.properties} (0600) naming
 * them, with paths relative to itself so the directory can be moved.
 *
 * @param configFile the config file; the directory it is in holds the other files
 */
public record StoredLogin(Path configFile) {

    public static final String TOKEN_FILE = "token";
    public static final String CA_FILE = "ca.pem";
    private static final int PEM_LINE = 64;

    /** The directory of the config file. */
    public Path directory() {
        return configFile.toAbsolutePath().getParent();
    }

    /** The token file login writes. */
    public Path tokenFile() {
        return directory().resolve(TOKEN_FILE);
    }

    /** The CA file login writes. */
    public Path caFile() {
        return directory().resolve(CA_FILE);
    }

    /**
     * Stores a verified login.
     *
     * @param tightenDirectory set the directory to 0700 even if it exists (the per-user default directory; not a
     *                         directory named through {@code SIGIL_CONFIG}, which may be shared)
     * @param anchors          the CA certificates to trust; empty: the JDK's trust store ({@code ca-cert} removed)
     */
    public void save(URI server, String token, List<X509Certificate> anchors, boolean tightenDirectory)
            throws IOException {
        PrivateFiles.directory(directory(), tightenDirectory);
        PrivateFiles.write(tokenFile(), (token + "\n").getBytes(StandardCharsets.US_ASCII), PrivateFiles.OWNER_ONLY);
        if (!anchors.isEmpty()) {
            PrivateFiles.write(caFile(), pem(anchors).getBytes(StandardCharsets.US_ASCII), PrivateFiles.WORLD_READABLE);
        }
        ConfigFileEditor.set(configFile, SettingsResolver.KEY_SERVER, server.toString());
        ConfigFileEditor.set(configFile, SettingsResolver.KEY_TOKEN_FILE, TOKEN_FILE);
        if (anchors.isEmpty()) {
            ConfigFileEditor.unset(configFile, SettingsResolver.KEY_CA_CERT);
        } else {
            ConfigFileEditor.set(configFile, SettingsResolver.KEY_CA_CERT, CA_FILE);
        }
    }

    /**
     * What {@link #forget} did.
     *
     * @param deleted    the token file deleted, if it was the one login writes
     * @param unsetEntry whether a {@code token-file} entry was removed from the config file
     * @param keptFile   a token file the entry named that login did not write, left in place
     */
    public record Forgotten(Optional<Path> deleted, boolean unsetEntry, Optional<Path> keptFile) {
        public boolean anything() {
            return deleted.isPresent() || unsetEntry;
        }
    }

    /** Removes the stored token: the {@code token-file} entry, and the file if login wrote it. */
    public Forgotten forget() throws IOException {
        Optional<Path> named = tokenFileEntry();
        boolean unset = ConfigFileEditor.unset(configFile, SettingsResolver.KEY_TOKEN_FILE);
        Optional<Path> kept = named.filter(p -> !p.normalize().equals(tokenFile().normalize()));
        Optional<Path> deleted = Files.deleteIfExists(tokenFile()) ? Optional.of(tokenFile()) : Optional.empty();
        return new Forgotten(deleted, unset, kept);
    }

    private Optional<Path> tokenFileEntry() throws IOException {
        if (!Files.isRegularFile(configFile)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return Optional.ofNullable(p.getProperty(SettingsResolver.KEY_TOKEN_FILE)).map(String::strip)
                .filter(s -> !s.isEmpty()).map(directory()::resolve);
    }

    static String pem(List<X509Certificate> certs) {
        StringBuilder sb = new StringBuilder();
        Base64.Encoder b64 = Base64.getMimeEncoder(PEM_LINE, new byte[] {'\n'});
        for (X509Certificate c : certs) {
            try {
                sb.append("-----BEGIN CERTIFICATE-----\n").append(b64.encodeToString(c.getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException("cannot encode " + c.getSubjectX500Principal(), e);
            }
        }
        return sb.toString();
    }
}
