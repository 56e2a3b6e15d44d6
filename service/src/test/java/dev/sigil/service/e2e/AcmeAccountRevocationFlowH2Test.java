package dev.sigil.service.e2e;

import java.util.Map;

/** The ACME account incident flow on the zero-config default: the embedded H2 database in the data directory. */
class AcmeAccountRevocationFlowH2Test extends AcmeAccountRevocationFlowContract {
    @Override
    Map<String, String> databaseOverrides() {
        return Map.of();
    }
}
