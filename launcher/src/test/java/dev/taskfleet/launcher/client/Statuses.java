package dev.taskfleet.launcher.client;

import java.util.Arrays;
import java.util.Locale;

/** BatchStatus JSON as the producer sends it, for scripted answers. */
public final class Statuses {

    private Statuses() {
    }

    /**
     * A status of batch {@code id} with {@code fast} and {@code quality} counts ({ok, failed,
     * cancelled} each), as a producer older than per-tier totals sends it: no placements, totals or
     * ETAs per tier.
     */
    public static String json(String id, String state, int total, long[] fast, long[] quality) {
        long succeeded = fast[0] + quality[0];
        long failed = fast[1] + quality[1];
        long cancelled = fast[2] + quality[2];
        long finished = succeeded + failed + cancelled;
        return String.format(Locale.ROOT, "{\"batchId\":\"%s\",\"team\":\"local\",\"state\":\"%s\","
                        + "\"acceptedAt\":\"2025-11-27T10:00:00Z\",\"run\":1,\"total\":%d,\"finished\":%d,\"queued\":%d,"
                        + "\"succeeded\":%d,\"failed\":%d,\"cancelled\":%d,\"tiers\":{"
                        + "\"fast\":{\"succeeded\":%d,\"failed\":%d,\"cancelled\":%d},"
                        + "\"quality\":{\"succeeded\":%d,\"failed\":%d,\"cancelled\":%d}},"
                        + "\"inputTokens\":1200,\"outputTokens\":300,\"costUsd\":0.0125,"
                        + "\"firstResultAt\":null,\"lastResultAt\":null,\"throughputPerSecond\":2.5,"
                        + "\"etaSeconds\":%s,\"duplicatesDropped\":0,\"someFutureField\":true}",
                id, state, total, finished, total - finished, succeeded, failed, cancelled,
                fast[0], fast[1], fast[2], quality[0], quality[1], quality[2], finished < total ? "4" : "null");
    }

    /**
     * A status with per-tier totals and ETAs, as the producer sends it now: {@code fast} and
     * {@code quality} are {ok, failed, cancelled, total, etaSeconds (negative: unknown)}.
     */
    public static String withTierTotals(String id, String state, int total, long[] fast, long[] quality) {
        String old = json(id, state, total, Arrays.copyOf(fast, 3), Arrays.copyOf(quality, 3));
        return old.replace("\"fast\":{" + tierFields(fast, 3), "\"fast\":{" + tierFields(fast, 5))
                .replace("\"quality\":{" + tierFields(quality, 3), "\"quality\":{" + tierFields(quality, 5));
    }

    private static String tierFields(long[] tier, int known) {
        String counts = String.format(Locale.ROOT, "\"succeeded\":%d,\"failed\":%d,\"cancelled\":%d", tier[0], tier[1],
                tier[2]);
        if (known == 3) {
            return counts;
        }
        long finished = tier[0] + tier[1] + tier[2];
        return counts + String.format(Locale.ROOT, ",\"finished\":%d,\"routed\":%d,\"escalatedIn\":0,"
                + "\"escalatedOut\":0,\"escalationsRefused\":0,\"retried\":0,\"total\":%d,"
                + "\"throughputPerSecond\":1.0,\"etaSeconds\":%s", finished, tier[3], tier[3],
                tier[4] < 0 ? "null" : Long.toString(tier[4]));
    }

    /** {ok, failed, cancelled, total, etaSeconds} of a tier for {@link #withTierTotals}; eta -1 is unknown. */
    public static long[] tier(long ok, long failed, long cancelled, long total, long etaSeconds) {
        return new long[] {ok, failed, cancelled, total, etaSeconds};
    }

    public static long[] counts(long ok, long failed, long cancelled) {
        return new long[] {ok, failed, cancelled};
    }

    /** One TaskResult line of batch {@code id}. */
    public static String result(String id, String taskId, String tier, String status, long latencyMs, double cost) {
        String error = status.equals("FAILED") ? ",\"error\":{\"code\":\"MODEL_ERROR\",\"message\":\"simulated failure\"}"
                : status.equals("SUCCEEDED") ? ",\"output\":\"done\"" : "";
        return String.format(Locale.ROOT, "{\"schemaVersion\":1,\"taskId\":\"%s\",\"batchId\":\"%s\",\"taskType\":\"refactor\","
                        + "\"tier\":\"%s\",\"model\":\"%s-model\",\"status\":\"%s\"%s,\"attempts\":1,\"inputTokens\":100,"
                        + "\"outputTokens\":50,\"costUsd\":%s,\"latencyMs\":%d,\"workerId\":\"w1\","
                        + "\"finishedAt\":\"2025-11-27T10:00:0%dZ\",\"team\":\"local\",\"run\":1}",
                taskId, id, tier, tier, status, error, cost, latencyMs, Math.min(9, latencyMs / 1000 + 1));
    }
}
