package dev.taskfleet.producer.auth;

import dev.taskfleet.contract.Task;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns an {@code Authorization} header into the caller's team. With authentication off every
 * caller is team {@link Task#DEFAULT_TEAM}. Pure.
 */
public final class Authenticator {

    private static final String BEARER = "bearer ";

    /** How authenticating a request ended. */
    public sealed interface Outcome {
    }

    /** The key matched; the request acts for {@code team}. */
    public record Authenticated(String team) implements Outcome {
    }

    /** A refusal; {@code reason} is the {@code reason} tag of {@code taskfleet.auth.failures}. */
    public record Refused(String reason, String detail) implements Outcome {
    }

    /** No bearer key was presented. */
    public static final String MISSING = "missing";
    /** A key was presented that matches no stored hash. */
    public static final String INVALID = "invalid";

    private final boolean enabled;
    private final ApiKeyRegistry keys;

    public Authenticator(boolean enabled, ApiKeyRegistry keys) {
        this.enabled = enabled;
        this.keys = keys;
    }

    public boolean enabled() {
        return enabled;
    }

    public Outcome authenticate(String authorizationHeader) {
        if (!enabled) {
            return new Authenticated(Task.DEFAULT_TEAM);
        }
        Optional<String> key = bearerKey(authorizationHeader);
        if (key.isEmpty()) {
            return new Refused(MISSING, "send the API key as 'Authorization: Bearer <key>'");
        }
        return keys.teamFor(key.get())
                .<Outcome>map(Authenticated::new)
                .orElseGet(() -> new Refused(INVALID, "the API key is not valid"));
    }

    private static Optional<String> bearerKey(String header) {
        if (header == null || header.length() <= BEARER.length()
                || !header.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            return Optional.empty();
        }
        String key = header.substring(BEARER.length()).strip();
        return key.isEmpty() ? Optional.empty() : Optional.of(key);
    }
}
