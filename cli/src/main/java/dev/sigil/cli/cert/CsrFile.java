package dev.sigil.cli.cert;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the PEM CSR a user named, refusing early what cannot be one (a usage error, before any request). */
final class CsrFile {

    /** A CSR is 1-4 KiB; this bounds what is read from a mistaken path. */
    static final int MAX_CSR_BYTES = 64 * 1024;
    private static final String CSR_MARKER = "CERTIFICATE REQUEST-----";

    private CsrFile() {
    }

    /**
     * @param path  the resolved path
     * @param typed the path as typed, for messages
     * @throws IllegalArgumentException with a message naming {@code --csr} and the problem
     */
    static String read(Path path, String typed) {
        String pem;
        try {
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException("--csr " + typed + ": no such file");
            }
            if (Files.size(path) > MAX_CSR_BYTES) {
                throw new IllegalArgumentException("--csr " + typed + ": larger than " + MAX_CSR_BYTES
                        + " bytes, not a CSR");
            }
            pem = Files.readString(path, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("--csr " + typed + ": cannot read: " + e.getMessage());
        }
        if (!pem.contains("-----BEGIN " + CSR_MARKER) && !pem.contains("-----BEGIN NEW " + CSR_MARKER)) {
            throw new IllegalArgumentException("--csr " + typed + " is not a PEM certificate signing request"
                    + " (expected -----BEGIN CERTIFICATE REQUEST-----)");
        }
        return pem;
    }
}
