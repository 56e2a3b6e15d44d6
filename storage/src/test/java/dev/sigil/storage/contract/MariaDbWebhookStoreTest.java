package dev.sigil.storage.contract;

class MariaDbWebhookStoreTest extends WebhookStoreContract {
    MariaDbWebhookStoreTest() {
        super(Backend.MARIADB);
    }
}
