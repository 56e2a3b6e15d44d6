package dev.sigil.storage.contract;

class MariaDbAcmeExpiryTest extends AcmeExpiryContract {
    MariaDbAcmeExpiryTest() {
        super(Backend.MARIADB);
    }
}
