package dev.sigil.service.e2e;

import java.util.Map;

/** The acceptance flow on the zero-config default: the embedded H2 database in the data directory. */
class IssueRevokeFlowH2Test extends IssueRevokeFlowContract {
    @Override
    Map<String, String> databaseOverrides() {
        return Map.of();
    }
}
