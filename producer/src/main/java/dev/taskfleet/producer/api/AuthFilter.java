package dev.taskfleet.producer.api;

import dev.taskfleet.producer.auth.Authenticator;
import dev.taskfleet.producer.auth.Caller;
import dev.taskfleet.producer.metrics.ProducerMetrics;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Runs before every REST resource (all of them live under {@code /api/v1}; health, metrics and
 * OpenAPI are not REST resources and stay open): a missing or unknown bearer key is a 401
 * problem, anything else sets the caller's team. Keys are never logged.
 */
public class AuthFilter {

    private final Authenticator authenticator;
    private final Caller caller;
    private final ProducerMetrics metrics;

    @Inject
    public AuthFilter(Authenticator authenticator, Caller caller, ProducerMetrics metrics) {
        this.authenticator = authenticator;
        this.caller = caller;
        this.metrics = metrics;
    }

    @ServerRequestFilter
    public Optional<Response> authenticate(ContainerRequestContext request) {
        Authenticator.Outcome outcome = authenticator.authenticate(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (outcome instanceof Authenticator.Authenticated authenticated) {
            caller.authenticatedAs(authenticated.team());
            return Optional.empty();
        }
        Authenticator.Refused refused = (Authenticator.Refused) outcome;
        metrics.authFailure(refused.reason());
        return Optional.of(Problems.reply(Problems.of("unauthorized", "Unauthorized", Response.Status.UNAUTHORIZED,
                        refused.detail()))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"taskfleet\"")
                .build());
    }
}
