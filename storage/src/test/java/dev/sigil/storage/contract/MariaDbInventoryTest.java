package dev.sigil.storage.contract;

class MariaDbInventoryTest extends InventoryContract {
    MariaDbInventoryTest() {
        super(Backend.MARIADB);
    }
}
