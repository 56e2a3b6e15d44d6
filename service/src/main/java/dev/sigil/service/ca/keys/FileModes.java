package dev.sigil.service.ca.keys;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Creates secret files (keys, passphrases, tokens) readable by the owner only, from the first byte written, and
 * refuses to use one that others can read: a key file copied to a new node with the wrong mode stops the start with a
 * message saying how to fix it, as OpenSSH does for private keys.
 */
public final class FileModes {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> OWNER_RW = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_RWX = PosixFilePermissions.fromString("rwx------");

    private FileModes() {
    }

    /** Creates {@code dir} (and parents) with mode 0700 if it does not exist. */
    public static void createPrivateDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (POSIX) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_RWX));
        } else {
            Files.createDirectories(dir);
        }
    }

    /**
     * Refuses a secret file that every user of the machine ("others") may access, and with {@code directoryToo} one
     * whose directory they may access (the key directory Sigil created 0700; not a passphrase file's /etc/sigil).
     * Group access is allowed: Kubernetes' fsGroup makes volume contents group-readable for the pod's own group.
     *
     * @param what what the file is, for the message ("CA key file")
     * @throws KeyCustodyException naming the file, its mode and the chmod that fixes it
     */
    public static void requirePrivate(Path file, String what, boolean directoryToo) {
        if (!POSIX) {
            return;
        }
        Path dir = file.toAbsolutePath().getParent();
        try {
            check(file, what, "600");
            if (directoryToo && dir != null) {
                check(dir, "the directory of " + what + " " + file, "700");
            }
        } catch (IOException e) {
            throw new KeyCustodyException("cannot read the permissions of " + what + " " + file + ": "
                    + e.getClass().getSimpleName());
        }
    }

    private static void check(Path path, String what, String mode) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
        boolean open = perms.stream().anyMatch(p -> p.name().startsWith("OTHERS_"));
        if (open) {
            throw new KeyCustodyException(what + " " + path + " is accessible to every user of this machine (mode "
                    + PosixFilePermissions.toString(perms) + "); Sigil refuses to use it. Fix: chmod " + mode + " "
                    + path);
        }
    }

    /** Writes a new file with mode 0600; refuses to overwrite an existing one. */
    public static void writePrivateFile(Path file, byte[] content) throws IOException {
        createPrivateDirectory(file.toAbsolutePath().getParent());
        if (POSIX) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_RW));
        } else {
            Files.createFile(file);
        }
        Files.write(file, content, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
