package dev.taskfleet.worker.provider.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskfleet.contract.ResultErrorCodes;
import dev.taskfleet.worker.provider.ModelCallException;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns an HTTP status, error body and {@code Retry-After} header, or a transport failure, into a
 * {@link ModelCallException} with a stable code, the same for every provider. Retryable: 408, 429,
 * 5xx ({@code 529 overloaded}, Anthropic's, as {@link ResultErrorCodes#MODEL_UNAVAILABLE}),
 * timeouts, connection failures. Permanent: 400, 401, 403, 404, 422 and any other 4xx; a refusal
 * that mentions the context window becomes {@link ResultErrorCodes#CONTEXT_LENGTH}.
 *
 * <p>Messages carry the status and the provider's own {@code error.message} (cut short; OpenAI and
 * Anthropic both put it there), never the request: the prompt and the key stay out of results and logs.
 */
public final class ErrorClassifier {

    /** Longest slice of the provider's error message kept in ours. */
    static final int MAX_DETAIL_CHARS = 300;
    /** Anthropic's status for "overloaded": the model is briefly unable to answer. */
    static final int OVERLOADED = 529;
    /** Phrases OpenAI, Anthropic, vLLM, Ollama and Gemini use when a prompt does not fit the model. */
    private static final String[] CONTEXT_PHRASES = {"context_length", "context length", "maximum context",
            "context window", "too many tokens", "prompt is too long"};

    private final ObjectMapper json;
    private final Clock clock;

    public ErrorClassifier(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    /** The failure an answer with {@code status} (not 2xx) and {@code body} stands for. */
    public ModelCallException forStatus(int status, String body, Optional<String> retryAfterHeader) {
        String detail = "HTTP " + status + detail(body);
        if (status == OVERLOADED) {
            return new ModelCallException(ResultErrorCodes.MODEL_UNAVAILABLE, "the model is overloaded: " + detail, true,
                    retryAfterHeader.flatMap(this::parseRetryAfter).orElse(null), null);
        }
        if (status == 429) {
            return new ModelCallException(ResultErrorCodes.RATE_LIMITED, "rate limited: " + detail, true,
                    retryAfterHeader.flatMap(this::parseRetryAfter).orElse(null), null);
        }
        if (status >= 500) {
            return new ModelCallException(ResultErrorCodes.PROVIDER_ERROR, "provider error: " + detail, true,
                    retryAfterHeader.flatMap(this::parseRetryAfter).orElse(null), null);
        }
        if (status == 408) {
            return new ModelCallException(ResultErrorCodes.TIMEOUT, "provider timed out: " + detail, true);
        }
        if (status == 401 || status == 403) {
            return new ModelCallException(ResultErrorCodes.AUTH_FAILED,
                    "authentication failed (check the tier's api-key): " + detail, false);
        }
        if (status == 404) {
            return new ModelCallException(ResultErrorCodes.NOT_FOUND,
                    "not found (check the tier's base-url and model): " + detail, false);
        }
        if (mentionsContextLength(body)) {
            return new ModelCallException(ResultErrorCodes.CONTEXT_LENGTH,
                    "the prompt does not fit the model's context window: " + detail, false);
        }
        return new ModelCallException(ResultErrorCodes.BAD_REQUEST, "request refused: " + detail, false);
    }

    /** The failure a call that got no answer at all stands for. */
    public ModelCallException forTransport(Throwable failure, Duration timeout) {
        if (failure instanceof HttpTimeoutException) {
            return new ModelCallException(ResultErrorCodes.TIMEOUT, "no answer within " + timeout, true, failure);
        }
        if (failure instanceof IOException) {
            return new ModelCallException(ResultErrorCodes.CONNECTION_FAILED, "connection failed: "
                    + failure.getClass().getSimpleName(), true, failure);
        }
        return new ModelCallException(ResultErrorCodes.PROVIDER_ERROR, "call failed: "
                + failure.getClass().getSimpleName(), true, failure);
    }

    /** {@code Retry-After} as delta-seconds or an HTTP date (RFC 9110); unreadable or past values are ignored. */
    public Optional<Duration> parseRetryAfter(String value) {
        String trimmed = value.strip();
        try {
            long seconds = Long.parseLong(trimmed);
            return seconds >= 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(clock.instant(), at);
                return wait.isNegative() ? Optional.of(Duration.ZERO) : Optional.of(wait);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    private static boolean mentionsContextLength(String body) {
        String lower = body == null ? "" : body.toLowerCase(Locale.ROOT);
        for (String phrase : CONTEXT_PHRASES) {
            if (lower.contains(phrase)) {
                return true;
            }
        }
        return false;
    }

    /** {@code ": <error.message>"} from an OpenAI- or Anthropic-style error body, cut short; empty when there is none. */
    private String detail(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String message;
        try {
            JsonNode error = json.readTree(body).path("error");
            message = error.isTextual() ? error.asText() : error.path("message").asText("");
        } catch (IOException notJson) {
            message = "";
        }
        if (message.isBlank()) {
            return "";
        }
        return ": " + (message.length() > MAX_DETAIL_CHARS ? message.substring(0, MAX_DETAIL_CHARS) + "..." : message);
    }
}
