package dev.sigil.acme.validation;

import dev.sigil.acme.problem.AcmeProblem;
import dev.sigil.acme.problem.ProblemType;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * dns-01 (RFC 8555 §8.4): one of the TXT records at {@code _acme-challenge.<name>} must hold
 * base64url(SHA-256(keyAuthorization)). CNAMEs on the way are followed. IP identifiers cannot use it (RFC 8738 §7).
 */
final class Dns01Validator implements ChallengeValidator {

    static final String TYPE = "dns-01";
    static final String LABEL = "_acme-challenge.";
    /** How many of the wrong records a detail quotes. */
    private static final int QUOTED_RECORDS = 3;

    private final NameResolver resolver;

    Dns01Validator(NameResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public void validate(Target target, String token, String keyAuthorization, Deadline deadline) {
        if (target.isIp()) {
            throw AcmeProblem.malformed(TYPE + ": an IP identifier cannot be validated with dns-01");
        }
        String name = LABEL + target.value();
        String expected = expectedValue(keyAuthorization);
        List<String> values = resolver.txt(TYPE, name, deadline);
        if (values.contains(expected)) {
            return;
        }
        String found = values.stream().limit(QUOTED_RECORDS).map(Excerpts::quoted).collect(Collectors.joining(", "));
        String more = values.size() > QUOTED_RECORDS ? " and " + (values.size() - QUOTED_RECORDS) + " more" : "";
        throw new AcmeProblem(ProblemType.INCORRECT_RESPONSE, TYPE + ": no TXT record at " + name + " holds the "
                + "expected value " + Excerpts.quoted(expected) + "; found " + found + more);
    }

    /** base64url without padding of SHA-256 over the key authorization's UTF-8 bytes. */
    static String expectedValue(String keyAuthorization) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(keyAuthorization));
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
