package dev.sigil.acme.directory;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigil.acme.http.AcmeJson;
import dev.sigil.acme.http.Reply;

/** The directory object (RFC 8555 §7.1.1) with RFC 9773's renewalInfo. */
public final class DirectoryResource {

    private DirectoryResource() {
    }

    public static Reply get(DirectorySettings settings, AcmeUrls urls) {
        ObjectNode dir = AcmeJson.object();
        dir.put("newNonce", urls.newNonce());
        dir.put("newAccount", urls.newAccount());
        dir.put("newOrder", urls.newOrder());
        dir.put("revokeCert", urls.revokeCert());
        dir.put("keyChange", urls.keyChange());
        dir.put("renewalInfo", urls.renewalInfo());
        ObjectNode meta = dir.putObject("meta");
        settings.termsOfService().ifPresent(u -> meta.put("termsOfService", u.toString()));
        settings.website().ifPresent(u -> meta.put("website", u.toString()));
        if (!settings.caaIdentities().isEmpty()) {
            ArrayNode caa = meta.putArray("caaIdentities");
            settings.caaIdentities().forEach(caa::add);
        }
        meta.put("externalAccountRequired", settings.eabRequired());
        return Reply.ok().json(dir);
    }
}
