package dev.sigil.storage.contract;

class H2SshStoreTest extends SshStoreContract {
    H2SshStoreTest() {
        super(Backend.H2);
    }
}
