package dev.taskfleet.testkit.modelserver;

import java.util.Objects;

/**
 * What one request of a scripted provider batch comes back with: an answer with its usage, an
 * error with an HTTP status (as the provider reports a failed request inside a batch), or nothing
 * because the batch's window ended first. {@link OpenAiBatches} and {@link AnthropicBatches} write
 * each in their API's own shape.
 *
 * @param kind         answered, failed or expired
 * @param text         the answer's text
 * @param inputTokens  the answer's input tokens
 * @param outputTokens the answer's output tokens
 * @param status       the failure's HTTP status
 * @param message      the failure's message
 */
public record BatchAnswer(Kind kind, String text, long inputTokens, long outputTokens, int status, String message) {

    /** The ends a scripted request can have (cancellation is the batch's, not the request's). */
    public enum Kind {
        ANSWERED,
        FAILED,
        EXPIRED
    }

    public BatchAnswer {
        Objects.requireNonNull(kind, "kind");
    }

    public static BatchAnswer ok(String text, long inputTokens, long outputTokens) {
        return new BatchAnswer(Kind.ANSWERED, text, inputTokens, outputTokens, 200, null);
    }

    /** A request the provider failed inside the batch with {@code status}, e.g. 500, 400, 429. */
    public static BatchAnswer error(int status, String message) {
        return new BatchAnswer(Kind.FAILED, null, 0, 0, status, message);
    }

    /** A request the batch's window ended before. Its batch ends as {@code expired}. */
    public static BatchAnswer expired() {
        return new BatchAnswer(Kind.EXPIRED, null, 0, 0, 0, null);
    }
}
