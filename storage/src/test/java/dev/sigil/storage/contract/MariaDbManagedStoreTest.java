package dev.sigil.storage.contract;

class MariaDbManagedStoreTest extends ManagedStoreContract {
    MariaDbManagedStoreTest() {
        super(Backend.MARIADB);
    }
}
