package dev.sigil.acme.validation;

/** One challenge type's check (RFC 8555 §8). Returns if control is proven; otherwise throws the AcmeProblem saying why. */
interface ChallengeValidator {

    /**
     * @param target           the checked identifier
     * @param token            the challenge token (base64url, checked by the caller)
     * @param keyAuthorization token + "." + the account key's thumbprint
     * @param deadline         when this attempt must be over
     */
    void validate(Target target, String token, String keyAuthorization, Deadline deadline);
}
