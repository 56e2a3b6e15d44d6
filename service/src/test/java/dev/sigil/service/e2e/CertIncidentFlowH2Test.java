package dev.sigil.service.e2e;

import java.util.Map;

/** Incident response on the zero-config default: the embedded H2 database in the data directory. */
class CertIncidentFlowH2Test extends CertIncidentFlowContract {
    @Override
    Map<String, String> databaseOverrides() {
        return Map.of();
    }
}
