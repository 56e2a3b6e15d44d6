package dev.sigil.cli.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The three files of a key pair the server generated, named as {@code ssh-keygen} names them so that
 * {@code ssh -i DIR/NAME} finds the certificate: {@code NAME} (the private key, mode 0600), {@code NAME.pub} and
 * {@code NAME-cert.pub}.
 */
final class GeneratedKeyFiles {

    /** The name when {@code --name} is not given: not one of ssh's default identities, so no key of the user's is hit. */
    static final String DEFAULT_NAME = "id_sigil";
    /** A plain file name: nothing that leaves the directory or hides (a leading dot). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._@-]{0,127}");

    private final Path dir;
    private final String name;

    /** @throws IllegalArgumentException for a name that is not a plain file name */
    GeneratedKeyFiles(Path dir, String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("--name must be a plain file name (letters, digits, '.', '_', '-', '@';"
                    + " no '/' and no leading '.'), not '" + name + "'");
        }
        this.dir = dir;
        this.name = name;
    }

    Path privateKey() {
        return dir.resolve(name);
    }

    Path publicKey() {
        return dir.resolve(name + ".pub");
    }

    Path certificate() {
        return dir.resolve(name + "-cert.pub");
    }

    /** Those of the three files that exist already. */
    List<Path> existing() {
        return List.of(privateKey(), publicKey(), certificate()).stream().filter(Files::exists).toList();
    }

    /** Whether the directory is usable: a directory that exists and can be written, or none yet (it is created). */
    boolean usableDirectory() {
        return !Files.exists(dir) || Files.isDirectory(dir) && Files.isWritable(dir);
    }

    /**
     * Writes the private key first (mode 0600; an existing file is replaced only if {@code replace}), then the public
     * key, then the certificate, so ssh never finds a certificate without its key.
     *
     * @return the files written, in order
     */
    List<Path> write(String privateKeyPem, String publicKeyLine, String certificateLine, boolean replace)
            throws IOException {
        if (!Files.isDirectory(dir)) {
            // Like ~/.ssh: only its owner may list it.
            FileAttribute<?>[] attrs = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))}
                    : new FileAttribute<?>[0];
            Files.createDirectories(dir, attrs);
        }
        List<Path> wrote = new ArrayList<>();
        SshFiles.write(privateKey(), privateKeyPem.getBytes(StandardCharsets.US_ASCII), SshFiles.OWNER_ONLY, replace);
        wrote.add(privateKey());
        SshFiles.write(publicKey(), (publicKeyLine + "\n").getBytes(StandardCharsets.UTF_8));
        wrote.add(publicKey());
        SshFiles.write(certificate(), (certificateLine + "\n").getBytes(StandardCharsets.UTF_8));
        wrote.add(certificate());
        return wrote;
    }
}
