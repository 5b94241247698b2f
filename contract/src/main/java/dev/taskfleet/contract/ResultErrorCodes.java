package dev.taskfleet.contract;

import java.util.List;

/**
 * The codes in {@link ResultError#code()} of a FAILED result and of an escalation request, and in
 * {@link AttemptRecord#outcome()} of a failed call. Stable; metrics are tagged with them. A refused
 * escalation keeps the code the task failed with and says why it was refused in the message.
 */
public final class ResultErrorCodes {

    /** The model was briefly unable to answer; retryable. */
    public static final String MODEL_UNAVAILABLE = "MODEL_UNAVAILABLE";
    /** The provider does not serve the requested model; permanent. */
    public static final String UNKNOWN_MODEL = "UNKNOWN_MODEL";
    /** HTTP 429: the provider's rate limit was hit; retryable, after its {@code Retry-After} if given. */
    public static final String RATE_LIMITED = "RATE_LIMITED";
    /** HTTP 5xx or an unreadable answer: the provider failed; retryable. */
    public static final String PROVIDER_ERROR = "PROVIDER_ERROR";
    /** No answer within the tier's timeout; retryable. */
    public static final String TIMEOUT = "TIMEOUT";
    /** The connection could not be made or was reset; retryable. */
    public static final String CONNECTION_FAILED = "CONNECTION_FAILED";
    /** HTTP 401 or 403: the API key is missing, wrong or not allowed; permanent. */
    public static final String AUTH_FAILED = "AUTH_FAILED";
    /** HTTP 400 or 422: the provider refuses the request as it is; permanent. */
    public static final String BAD_REQUEST = "BAD_REQUEST";
    /** HTTP 404: wrong base URL or unknown model; permanent. */
    public static final String NOT_FOUND = "NOT_FOUND";
    /** The prompt plus the output cap do not fit the model's context window; a larger model may fit it. */
    public static final String CONTEXT_LENGTH = "CONTEXT_LENGTH";
    /** The model answered, but not as the task's {@code expect} asked; a stronger model may. */
    public static final String OUTPUT_REJECTED = "OUTPUT_REJECTED";
    /**
     * A provider batch ended (its 24-hour window ran out) before this request ran; retryable, as a
     * request of a new provider batch.
     */
    public static final String EXPIRED = "EXPIRED";
    /**
     * The model answered, but the result with the answer is larger than the results topic takes
     * (the producer's {@code max.request.size} or the topic's {@code max.message.bytes}); the
     * result is published without the answer. Permanent: another call would answer as long.
     */
    public static final String OUTPUT_TOO_LARGE = "OUTPUT_TOO_LARGE";
    /**
     * The task, once routed, is larger than its tier topic takes (the router's
     * {@code max.request.size} or the topic's {@code max.message.bytes}): the router could not place
     * it, no model was called. Permanent; the original is on the DLQ.
     */
    public static final String TASK_TOO_LARGE = "TASK_TOO_LARGE";
    /**
     * The router found the task invalid (it breaks the contract or the task limits; the producer's
     * checks normally keep such a task out) and placed it on no tier, its result's tier
     * {@link TaskResult#UNROUTED}; no model was called. Permanent; the original is on the DLQ.
     */
    public static final String INVALID_TASK = "INVALID_TASK";
    /** A defect in the worker itself, not the task's or the model's fault. */
    public static final String WORKER_ERROR = "WORKER_ERROR";

    /** Every code above, in the order the documentation lists them. */
    public static final List<String> ALL = List.of(MODEL_UNAVAILABLE, UNKNOWN_MODEL, RATE_LIMITED, PROVIDER_ERROR,
            TIMEOUT, CONNECTION_FAILED, AUTH_FAILED, BAD_REQUEST, NOT_FOUND, CONTEXT_LENGTH, OUTPUT_REJECTED,
            EXPIRED, OUTPUT_TOO_LARGE, TASK_TOO_LARGE, INVALID_TASK, WORKER_ERROR);

    private ResultErrorCodes() {
    }
}
