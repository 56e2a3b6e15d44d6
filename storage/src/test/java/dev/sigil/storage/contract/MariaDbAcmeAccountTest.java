package dev.sigil.storage.contract;

class MariaDbAcmeAccountTest extends AcmeAccountContract {
    MariaDbAcmeAccountTest() {
        super(Backend.MARIADB);
    }
}
