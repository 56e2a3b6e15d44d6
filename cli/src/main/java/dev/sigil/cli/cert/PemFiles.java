package dev.sigil.cli.cert;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes certificate files whole or not at all, so a web server reloading mid-write never sees half a certificate. */
final class PemFiles {

    private PemFiles() {
    }

    /** Replaces {@code target} with {@code pem} via a temporary file in the same directory. */
    static void write(Path target, String pem) throws IOException {
        write(target, pem.getBytes(StandardCharsets.US_ASCII));
    }

    /** Replaces {@code target} with {@code bytes} (PEM or DER) via a temporary file in the same directory. */
    static void write(Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            Files.write(tmp, bytes);
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
