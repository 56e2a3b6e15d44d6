package dev.sigil.storage.contract;

class H2InventoryTest extends InventoryContract {
    H2InventoryTest() {
        super(Backend.H2);
    }
}
