package dev.sigil.service.api;

import dev.sigil.service.auth.Principal;
import dev.sigil.service.auth.Role;
import dev.sigil.service.auth.TokenService;
import dev.sigil.service.error.ErrorKind;
import dev.sigil.service.error.SigilException;
import dev.sigil.storage.audit.AuditEvent;
import dev.sigil.storage.ledger.Ledger;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.time.Clock;

/**
 * Wraps each admin route with the role it needs, so that every route states its own requirement where it is
 * declared and the handler receives the caller explicitly (nothing is fished out of a request context).
 */
public final class Guard {

    /** A handler that is told who is calling. */
    @FunctionalInterface
    public interface AuthenticatedHandler {
        void handle(ServerRequest req, ServerResponse res, Principal caller) throws Exception;
    }

    private final TokenService tokens;
    private final Ledger ledger;
    private final Clock clock;

    public Guard(TokenService tokens, Ledger ledger, Clock clock) {
        this.tokens = tokens;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** Lets through tokens whose role includes {@code role}; refuses every other one (401 or 403, audited). */
    public Handler require(Role role, AuthenticatedHandler handler) {
        return (req, res) -> {
            Principal caller = tokens.authenticate(req.headers().first(HeaderNames.AUTHORIZATION));
            if (!caller.role().includes(role)) {
                deny(req, caller, "role " + caller.role().wireName() + " lacks " + role.wireName(),
                        "this needs the " + role.wireName() + " role; the token has " + caller.role().wireName());
            }
            handler.handle(req, res, caller);
        };
    }

    /**
     * Lets through tokens whose role includes {@code role}, and workload tokens scoped to the managed certificate named
     * by the path parameter {@code nameParameter}; refuses every other one (401 or 403, audited).
     */
    public Handler requireOrScoped(Role role, String nameParameter, AuthenticatedHandler handler) {
        return (req, res) -> {
            Principal caller = tokens.authenticate(req.headers().first(HeaderNames.AUTHORIZATION));
            String name = req.path().pathParameters().get(nameParameter);
            if (!caller.role().includes(role) && !caller.scopedTo(name)) {
                String scope = caller.scope().map(s -> " scoped to " + s).orElse("");
                deny(req, caller, "role " + caller.role().wireName() + scope + " lacks " + role.wireName()
                                + " and is not scoped to " + name,
                        "this needs the " + role.wireName() + " role or a workload token for '" + name
                                + "'; the token has " + caller.role().wireName() + scope);
            }
            handler.handle(req, res, caller);
        };
    }

    /**
     * Records a granted access to something sensitive (a credential read). Unlike a denial, a failure to record it
     * propagates: the caller must not hand out what could not be audited.
     */
    public void recordAccess(Principal caller, String action, String target, String details) {
        ledger.audit(AuditEvent.success(clock.instant(), caller.name(), action, target, details));
    }

    private void deny(ServerRequest req, Principal caller, String auditDetail, String clientDetail) {
        String what = req.prologue().method().text() + " " + req.path().path();
        try {
            ledger.audit(new AuditEvent(clock.instant(), caller.name(), "api.access", what, "denied", auditDetail));
        } catch (RuntimeException ignored) {
            // The refusal stands whether or not it could be audited.
        }
        throw new SigilException(ErrorKind.FORBIDDEN, clientDetail);
    }
}
