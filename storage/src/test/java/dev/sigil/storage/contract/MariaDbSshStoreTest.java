package dev.sigil.storage.contract;

class MariaDbSshStoreTest extends SshStoreContract {
    MariaDbSshStoreTest() {
        super(Backend.MARIADB);
    }
}
