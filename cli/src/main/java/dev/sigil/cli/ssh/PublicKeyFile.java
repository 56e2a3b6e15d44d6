package dev.sigil.cli.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Reads the public key a user names with {@code --public-key}: one authorized_keys line ({@code ssh-ed25519 AAAA...
 * comment}). The server parses and judges the key; this only catches the mistakes worth a clear message before
 * anything is sent: a missing file, a private key, a certificate, or something that is not a key line at all.
 */
final class PublicKeyFile {

    /** An RSA 16384-bit public key line is about 2.8 KB; anything this large is the wrong file. */
    static final int MAX_BYTES = 16 * 1024;

    /** {@code <type> <base64> [comment]}; the type is e.g. ssh-ed25519 or sk-ecdsa-sha2-nistp256@openssh.com. */
    private static final Pattern KEY_LINE = Pattern.compile("[a-z0-9@.+-]+ [A-Za-z0-9+/]+={0,2}( .*)?");

    private PublicKeyFile() {
    }

    /**
     * The key line of {@code file}: the first line that is neither blank nor a {@code #} comment.
     *
     * @param option the option that named the file, for messages
     * @throws IllegalArgumentException with a message for the user
     */
    static String read(Path file, String option) {
        String text;
        try {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException(option + " " + file + ": no such file");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new IllegalArgumentException(option + " " + file + ": larger than " + MAX_BYTES
                        + " bytes, not a public key");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(option + " " + file + ": cannot read: " + e.getMessage());
        }
        if (text.contains("PRIVATE KEY-----")) {
            throw new IllegalArgumentException(option + " " + file + " is a private key; give the public key"
                    + " (usually the same name with .pub)");
        }
        for (String raw : text.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String type = line.split(" ", 2)[0];
            if (type.contains("-cert-v01@openssh.com")) {
                throw new IllegalArgumentException(option + " " + file + " holds a certificate, not a public key");
            }
            if (!KEY_LINE.matcher(line.replaceAll("\\s+", " ")).matches()) {
                throw new IllegalArgumentException(option + " " + file + " is not an OpenSSH public key"
                        + " (expected one line like 'ssh-ed25519 AAAA... comment')");
            }
            return line;
        }
        throw new IllegalArgumentException(option + " " + file + " holds no public key");
    }

    /**
     * Where {@code ssh-keygen -s} would put the certificate of {@code key}: {@code id_ed25519.pub} gives
     * {@code id_ed25519-cert.pub}, any other name gets {@code -cert.pub} appended.
     */
    static Path certificatePath(Path key) {
        String name = key.getFileName().toString();
        String base = name.endsWith(".pub") ? name.substring(0, name.length() - ".pub".length()) : name;
        return key.resolveSibling(base + "-cert.pub");
    }
}
