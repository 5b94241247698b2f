package dev.taskfleet.api;

import java.util.List;

/**
 * The fixed names of the API v1: its paths, media types and progress event names, and the list of
 * its operations. The constants are compile-time constants, so the producer's resource annotations
 * use them too.
 */
public final class BatchApi {

    /** Every batch resource lives below this path. */
    public static final String BATCHES = "/api/v1/batches";
    /** The batch id in a path. */
    public static final String ID = "{id}";
    /** A task id in a path below a batch. */
    public static final String TASK_ID = "{taskId}";
    /** The routing preview, which answers for the router's policy. */
    public static final String ROUTING_PREVIEW = "/api/v1/routing/preview";

    /** A batch as one task per line; also the results' format. */
    public static final String NDJSON = "application/x-ndjson";
    /** JSON documents, and a batch as {@code {"tasks": [...]}}. */
    public static final String JSON = "application/json";
    /** Every error answer ({@link Problem}). */
    public static final String PROBLEM_JSON = "application/problem+json";
    /** The live progress stream. */
    public static final String EVENT_STREAM = "text/event-stream";

    /** A progress event: its data is the batch's {@link BatchStatus}; sent on change and as a heartbeat. */
    public static final String PROGRESS_EVENT = "progress";
    /**
     * The last event of a stream, once the batch has settled ({@link BatchStatus#isSettled()}: completed, or
     * stopped with every task's final result in); its data is the final {@link BatchStatus}.
     */
    public static final String DONE_EVENT = "done";

    /** Submit a batch (the body is streamed); every answer, 202 or a problem, is read by the client. */
    public static final ApiOperation<BatchReceipt> SUBMIT =
            new ApiOperation<>("POST", BATCHES, null, 202, JSON, BatchReceipt.class);
    /** One page of the caller's team's batches ({@code ?limit=1..100&cursor=...&state=running|completed|cancelled|budget_exceeded}). */
    public static final ApiOperation<BatchPage> LIST =
            new ApiOperation<>("GET", BATCHES, null, 200, JSON, BatchPage.class);
    /** A batch's status. */
    public static final ApiOperation<BatchStatus> STATUS =
            new ApiOperation<>("GET", BATCHES + "/" + ID, null, 200, JSON, BatchStatus.class);
    /** The final result of each task's newest run, one per line ({@code ?status=succeeded|failed|cancelled|budget_exceeded}, {@code ?task=<id>}). */
    public static final ApiOperation<Void> RESULTS =
            new ApiOperation<>("GET", BATCHES + "/" + ID + "/results", null, 200, NDJSON, Void.class);
    /** Live progress: {@link #PROGRESS_EVENT}s, then one {@link #DONE_EVENT}. */
    public static final ApiOperation<BatchStatus> EVENTS =
            new ApiOperation<>("GET", BATCHES + "/" + ID + "/events", null, 200, EVENT_STREAM, BatchStatus.class);
    /** Re-run the failed tasks of a finished batch as its next run. */
    public static final ApiOperation<RetryReceipt> RETRY =
            new ApiOperation<>("POST", BATCHES + "/" + ID + "/retry", RetryRequest.class, 202, JSON, RetryReceipt.class);
    /** Cancel a batch. */
    public static final ApiOperation<CancelReceipt> CANCEL =
            new ApiOperation<>("POST", BATCHES + "/" + ID + "/cancel", null, 202, JSON, CancelReceipt.class);

    /** One task as submitted: its prompt, type, tier hint and labels; its outcome is in {@link #RESULTS} ({@code ?task=}). */
    public static final ApiOperation<SubmittedTask> TASK =
            new ApiOperation<>("GET", BATCHES + "/" + ID + "/tasks/" + TASK_ID, null, 200, JSON, SubmittedTask.class);
    /** Finished tasks per time interval and tier, for a chart. */
    public static final ApiOperation<CompletionTimeline> TIMELINE =
            new ApiOperation<>("GET", BATCHES + "/" + ID + "/timeline", null, 200, JSON, CompletionTimeline.class);
    /** The tier each task of the body (as submitted: NDJSON or JSON) would get and why, without submitting. */
    public static final ApiOperation<RoutePreview> PREVIEW =
            new ApiOperation<>("POST", ROUTING_PREVIEW, null, 200, JSON, RoutePreview.class);

    /** Every operation of the API. */
    public static final List<ApiOperation<?>> OPERATIONS =
            List.of(SUBMIT, LIST, STATUS, RESULTS, EVENTS, RETRY, CANCEL, TASK, TIMELINE, PREVIEW);

    private BatchApi() {
    }
}
