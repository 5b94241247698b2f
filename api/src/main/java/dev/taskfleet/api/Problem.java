package dev.taskfleet.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An error answer of the API as RFC 9457 defines it ({@code application/problem+json}): the four
 * standard members, then extension members that are present only where they apply.
 *
 * @param type          the problem type: {@code urn:taskfleet:problem:<slug>} (e.g.
 *                      {@code ...:batch-not-found}), or {@code about:blank}, which is also what an
 *                      absent type means
 * @param title         a short summary of the problem type
 * @param status        the HTTP status
 * @param detail        what went wrong in this case and what to do about it
 * @param batchId       the batch concerned: the one looked up, acted on, or partly published
 * @param accepted      tasks published (0 when no task was valid)
 * @param rejectedCount every refused task, also those beyond the listed ones
 * @param rejected      the first refused tasks, as in {@link BatchReceipt#rejected()}
 * @param published     tasks already published with {@code batchId} before the request failed
 * @param field         the request parameter or body part that is wrong (400 {@code invalid-request})
 * @param limit         the configured limit that was exceeded, e.g. {@code max-tasks-per-batch}
 * @param maximum       that limit's value
 * @param inFlight      the team's batches running now (429)
 * @param supportedTypes the media types a batch may be sent as (415)
 * @param budgetUsd     the team's budget named in {@code limit}, in US dollars (429 {@code budget-spent})
 * @param spentUsd      what the team spent in that budget's period
 * @param resetsAt      when that period ends and the budget is whole again
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        @Schema(required = true) @JsonInclude(JsonInclude.Include.ALWAYS) String type,
        @Schema(required = true) @JsonInclude(JsonInclude.Include.ALWAYS) String title,
        @Schema(required = true) int status,
        @Schema(required = true) @JsonInclude(JsonInclude.Include.ALWAYS) String detail,
        String batchId,
        Long accepted,
        Long rejectedCount,
        List<RejectedTask> rejected,
        Long published,
        String field,
        String limit,
        Long maximum,
        Integer inFlight,
        List<String> supportedTypes,
        Double budgetUsd,
        Double spentUsd,
        Instant resetsAt) {

    /** What the producer's problem types start with; the rest is a stable slug. */
    public static final String TYPE_PREFIX = "urn:taskfleet:problem:";
    /** The type of a problem without a more specific one. */
    public static final String BLANK_TYPE = "about:blank";

    public Problem {
        type = type == null ? BLANK_TYPE : type;
    }

    /** A problem with the standard members only. */
    public static Problem of(String type, String title, int status, String detail) {
        return new Problem(type, title, status, detail, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** This problem about batch {@code batchId}, of which {@code published} tasks (or {@code null}: not said) went out. */
    public Problem withBatch(String batchId, Long published) {
        return new Problem(type, title, status, detail, batchId, accepted, rejectedCount, rejected, published, field,
                limit, maximum, inFlight, supportedTypes, budgetUsd, spentUsd, resetsAt);
    }

    /** This problem with the submission's outcome: what was accepted and what was refused. */
    public Problem withRejections(BatchReceipt receipt) {
        return new Problem(type, title, status, detail, receipt.batchId(), receipt.accepted(), receipt.rejectedCount(),
                receipt.rejected(), published, field, limit, maximum, inFlight, supportedTypes, budgetUsd, spentUsd, resetsAt);
    }

    /** This problem naming the request parameter or body part that is wrong. */
    public Problem withField(String field) {
        return new Problem(type, title, status, detail, batchId, accepted, rejectedCount, rejected, published, field,
                limit, maximum, inFlight, supportedTypes, budgetUsd, spentUsd, resetsAt);
    }

    /** This problem naming the limit that was exceeded, its value and (for batches in flight) the count now. */
    public Problem withLimit(String limit, long maximum, Integer inFlight) {
        return new Problem(type, title, status, detail, batchId, accepted, rejectedCount, rejected, published, field,
                limit, maximum, inFlight, supportedTypes, budgetUsd, spentUsd, resetsAt);
    }

    /** This problem naming the spend budget {@code limit} the team used up, what it spent and when it resets. */
    public Problem withBudget(String limit, double budgetUsd, double spentUsd, Instant resetsAt) {
        return new Problem(type, title, status, detail, batchId, accepted, rejectedCount, rejected, published, field,
                limit, maximum, inFlight, supportedTypes, budgetUsd, spentUsd, resetsAt);
    }

    /** This problem listing the media types that are accepted. */
    public Problem withSupportedTypes(List<String> supportedTypes) {
        return new Problem(type, title, status, detail, batchId, accepted, rejectedCount, rejected, published, field,
                limit, maximum, inFlight, List.copyOf(supportedTypes), budgetUsd, spentUsd, resetsAt);
    }
}
