package dev.sigil.storage.contract;

class H2WebhookStoreTest extends WebhookStoreContract {
    H2WebhookStoreTest() {
        super(Backend.H2);
    }
}
