package dev.sigil.storage.contract;

class MariaDbCrlStoreTest extends CrlStoreContract {
    MariaDbCrlStoreTest() {
        super(Backend.MARIADB);
    }
}
