package dev.taskfleet.launcher.client;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * The producer's answer to a batch submission.
 *
 * @param status        the HTTP status; 202 when the batch was accepted
 * @param batchId       the batch's id when accepted (or partly published before a limit), otherwise {@code null}
 * @param accepted      how many tasks were published
 * @param rejectedCount how many tasks were refused, including those not listed in {@code rejected}
 * @param rejected      the first refused tasks (never {@code null})
 * @param problem       the problem of an error answer, otherwise {@code null}
 */
public record SubmitResponse(int status, String batchId, int accepted, long rejectedCount, List<Rejection> rejected,
                             Problem problem) {

    public SubmitResponse {
        rejected = rejected == null ? List.of() : List.copyOf(rejected);
        rejectedCount = Math.max(rejectedCount, rejected.size());
    }

    @JsonIgnore
    public boolean isAccepted() {
        return status == 202;
    }

    /** The {@code detail} of an error answer, otherwise {@code null}. */
    public String problemDetail() {
        return problem == null ? null : problem.detail();
    }
}
