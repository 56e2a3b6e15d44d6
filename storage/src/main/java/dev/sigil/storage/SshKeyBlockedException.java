package dev.sigil.storage;

import dev.sigil.storage.ssh.SshStore;

/**
 * {@link SshStore#recordIssuance} refused a certificate because its public key, or its key id under that CA, is
 * revoked outright. Checked in the transaction that would have recorded it, after the lock every revocation takes,
 * so no revocation can commit between the check and the insert. Nothing was recorded; the certificate must not be
 * handed out.
 */
public final class SshKeyBlockedException extends StorageException {

    private final SshStore.Block block;

    public SshKeyBlockedException(SshStore.Block block) {
        super(Kind.CONFLICT, block == SshStore.Block.PUBLIC_KEY ? "the public key is revoked" : "the key id is revoked");
        if (block == SshStore.Block.NONE) {
            throw new IllegalArgumentException("NONE blocks nothing");
        }
        this.block = block;
    }

    /** What is revoked: {@link SshStore.Block#PUBLIC_KEY} or {@link SshStore.Block#KEY_ID}. */
    public SshStore.Block block() {
        return block;
    }
}
