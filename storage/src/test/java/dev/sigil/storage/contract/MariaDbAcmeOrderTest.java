package dev.sigil.storage.contract;

class MariaDbAcmeOrderTest extends AcmeOrderContract {
    MariaDbAcmeOrderTest() {
        super(Backend.MARIADB);
    }
}
