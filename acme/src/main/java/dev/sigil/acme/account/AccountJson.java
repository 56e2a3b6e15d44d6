package dev.sigil.acme.account;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigil.acme.directory.AcmeUrls;
import dev.sigil.acme.http.AcmeJson;
import dev.sigil.storage.acme.AcmeAccount;

import java.util.Locale;

/** The account object (RFC 8555 §7.1.2). */
public final class AccountJson {

    private AccountJson() {
    }

    public static ObjectNode of(AcmeAccount account, AcmeUrls urls) {
        ObjectNode json = AcmeJson.object();
        json.put("status", account.status().name().toLowerCase(Locale.ROOT));
        ArrayNode contact = json.putArray("contact");
        account.contacts().forEach(contact::add);
        json.put("termsOfServiceAgreed", account.termsAgreed());
        json.put("orders", urls.orders(account.id()));
        json.put("createdAt", AcmeJson.time(account.createdAt()));
        return json;
    }
}
