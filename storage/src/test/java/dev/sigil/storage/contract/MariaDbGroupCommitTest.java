package dev.sigil.storage.contract;

class MariaDbGroupCommitTest extends GroupCommitContract {
    MariaDbGroupCommitTest() {
        super(Backend.MARIADB);
    }
}
