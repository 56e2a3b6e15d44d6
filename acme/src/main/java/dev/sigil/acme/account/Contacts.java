package dev.sigil.acme.account;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.acme.problem.AcmeProblem;
import dev.sigil.acme.problem.ProblemType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Account contacts (RFC 8555 §7.3): {@code mailto:} URLs only, each one plain address without header fields
 * (RFC 6068 hfields such as {@code ?subject=} are refused, as Boulder does). Other schemes are unsupportedContact,
 * a malformed address invalidContact.
 */
public final class Contacts {

    /** Longest contact URL (the storage column). */
    public static final int MAX_LENGTH = 1024;
    private static final String MAILTO = "mailto:";
    /** An RFC 5321 dot-atom local part, without quoting: what real contact addresses use. */
    private static final String ATEXT = "[A-Za-z0-9!#$&'*+/=^_`{|}~-]+";
    private static final Pattern LOCAL = Pattern.compile(ATEXT + "(\\." + ATEXT + ")*");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private Contacts() {
    }

    /** The "contact" member: absent is empty; otherwise an array of valid mailto URLs, at most {@code max}. */
    public static Optional<List<String>> parse(JsonNode payload, int max) {
        JsonNode node = payload.get("contact");
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isArray()) {
            throw AcmeProblem.malformed("\"contact\" must be an array of URLs");
        }
        if (node.size() > max) {
            throw new AcmeProblem(ProblemType.INVALID_CONTACT, "at most " + max + " contacts are accepted");
        }
        List<String> contacts = new ArrayList<>();
        for (JsonNode entry : node) {
            if (!entry.isTextual()) {
                throw AcmeProblem.malformed("\"contact\" entries must be strings");
            }
            String contact = check(entry.textValue());
            if (!contacts.contains(contact)) {
                contacts.add(contact);
            }
        }
        return Optional.of(contacts);
    }

    /** One contact, normalised to a lower-case scheme. */
    static String check(String contact) {
        if (contact.length() > MAX_LENGTH) {
            throw new AcmeProblem(ProblemType.INVALID_CONTACT, "contact URL is longer than " + MAX_LENGTH);
        }
        if (!contact.regionMatches(true, 0, MAILTO, 0, MAILTO.length())) {
            throw new AcmeProblem(ProblemType.UNSUPPORTED_CONTACT, "only mailto: contacts are supported");
        }
        String address = contact.substring(MAILTO.length());
        if (address.contains("?")) {
            throw new AcmeProblem(ProblemType.INVALID_CONTACT, "mailto: contacts must not carry header fields (?...)");
        }
        if (address.contains(",")) {
            throw new AcmeProblem(ProblemType.INVALID_CONTACT, "a mailto: contact names one address");
        }
        int at = address.lastIndexOf('@');
        if (at <= 0 || at != address.indexOf('@') || !LOCAL.matcher(address.substring(0, at)).matches()
                || !validDomain(address.substring(at + 1))) {
            throw new AcmeProblem(ProblemType.INVALID_CONTACT, "contact is not a valid mailto: email address");
        }
        return MAILTO + address;
    }

    private static boolean validDomain(String domain) {
        String lower = domain.toLowerCase(Locale.ROOT);
        if (lower.isEmpty() || lower.length() > 253) {
            return false;
        }
        String[] labels = lower.split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
    }
}
