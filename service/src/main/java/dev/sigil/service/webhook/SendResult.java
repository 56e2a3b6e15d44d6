package dev.sigil.service.webhook;

import java.util.Objects;
import java.util.Optional;

/**
 * What one attempt to deliver came to.
 *
 * @param status the receiver's HTTP status, empty if it could not be reached or did not answer in time
 * @param error  why it is not delivered (empty for a 2xx): "HTTP 500", or the exception class and message
 */
public record SendResult(Optional<Integer> status, Optional<String> error) {

    public SendResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(error, "error");
        if (error.isEmpty() && (status.isEmpty() || status.get() / 100 != 2)) {
            throw new IllegalArgumentException("only a 2xx answer is a delivery without an error");
        }
    }

    public static SendResult answered(int status) {
        if (status / 100 == 2) {
            return new SendResult(Optional.of(status), Optional.empty());
        }
        String why = "HTTP " + status + (status / 100 == 3 ? " (redirects are not followed)" : "");
        return new SendResult(Optional.of(status), Optional.of(why));
    }

    public static SendResult unreachable(String error) {
        return new SendResult(Optional.empty(), Optional.of(error));
    }

    public boolean delivered() {
        return error.isEmpty();
    }
}
