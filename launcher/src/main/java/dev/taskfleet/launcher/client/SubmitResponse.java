package dev.taskfleet.launcher.client;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.taskfleet.api.BatchReceipt;
import dev.taskfleet.api.Problem;
import dev.taskfleet.api.RejectedTask;
import java.util.List;

/**
 * The producer's answer to a batch submission, whatever it was: a 400 lists the rejected tasks too.
 * As JSON ({@code submit --json}): the status, then the receipt's fields, then the problem.
 *
 * @param status  the HTTP status; 202 when the batch was accepted
 * @param receipt the 202 answer, otherwise {@code null}
 * @param problem the problem of any other answer, otherwise {@code null}
 */
public record SubmitResponse(int status, @JsonUnwrapped BatchReceipt receipt, Problem problem) {

    @JsonIgnore
    public boolean isAccepted() {
        return receipt != null;
    }

    /** The batch's id when accepted, or when tasks were published before a refusal; otherwise {@code null}. */
    public String batchId() {
        return receipt != null ? receipt.batchId() : problem.batchId();
    }

    /** How many tasks were published. */
    public long accepted() {
        return receipt != null ? receipt.accepted() : problem.accepted() == null ? 0 : problem.accepted();
    }

    /** How many tasks were refused, including those not listed in {@link #rejected()}. */
    public long rejectedCount() {
        return receipt != null ? receipt.rejectedCount() : problem.rejectedCount() == null ? 0 : problem.rejectedCount();
    }

    /** The first refused tasks (never {@code null}). */
    public List<RejectedTask> rejected() {
        return receipt != null ? receipt.rejected() : problem.rejected() == null ? List.of() : problem.rejected();
    }

    /** The {@code detail} of an error answer, otherwise {@code null}. */
    public String problemDetail() {
        return problem == null ? null : problem.detail();
    }
}
