package dev.sigil.cli.ssh;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes certificates, KRLs and generated private keys whole or not at all (temporary file in the target's directory,
 * then a rename), so sshd, which re-reads its RevokedKeys file on every authentication, never sees half a KRL.
 */
final class SshFiles {

    /** Certificates and KRLs are public; sshd may run its checks as another user. */
    static final Set<PosixFilePermission> WORLD_READABLE = PosixFilePermissions.fromString("rw-r--r--");

    /** Private keys: ssh refuses a key file others can read ("UNPROTECTED PRIVATE KEY FILE"). */
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private SshFiles() {
    }

    /** Replaces {@code target} with {@code content}. */
    static void write(Path target, byte[] content) throws IOException {
        write(target, content, WORLD_READABLE, true);
    }

    /**
     * Writes {@code content} to {@code target} with {@code mode} from creation on (narrowed by the umask), so a
     * private key is never readable by others, not even for a moment.
     *
     * @param replace whether an existing {@code target} is replaced; if not, it stays as it was and this throws
     *                {@link java.nio.file.FileAlreadyExistsException}
     */
    static void write(Path target, byte[] content, Set<PosixFilePermission> mode, boolean replace) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        FileAttribute<?>[] attrs = POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)}
                : new FileAttribute<?>[0];
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp", attrs);
        try {
            Files.write(tmp, content);
            if (!replace) {
                Files.move(tmp, target);
                return;
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Whether a file could be written at {@code target}: its directory exists and is writable. */
    static boolean writable(Path target) {
        Path dir = target.toAbsolutePath().getParent();
        return dir != null && Files.isDirectory(dir) && Files.isWritable(dir) && !Files.isDirectory(target);
    }
}
