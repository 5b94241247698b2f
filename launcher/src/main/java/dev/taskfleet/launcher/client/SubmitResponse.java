package dev.taskfleet.launcher.client;

import java.util.List;

/**
 * The producer's answer to a batch submission.
 *
 * @param status        the HTTP status; 202 when the batch was accepted
 * @param batchId       the batch's id when accepted, otherwise {@code null}
 * @param accepted      how many tasks were published
 * @param rejected      the lines that were refused (never {@code null})
 * @param problemDetail the {@code detail} of a problem+json error answer, otherwise {@code null}
 */
public record SubmitResponse(int status, String batchId, int accepted, List<Rejection> rejected, String problemDetail) {

    public SubmitResponse {
        rejected = rejected == null ? List.of() : List.copyOf(rejected);
    }

    public boolean isAccepted() {
        return status == 202;
    }
}
