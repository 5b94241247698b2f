package dev.taskfleet.benchmarks.history;

import dev.taskfleet.contract.AttemptRecord;
import dev.taskfleet.contract.BatchEvent;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.ResultError;
import dev.taskfleet.contract.ResultErrorCodes;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.RoutingDecision;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.contract.TierRouting;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The records one finished batch left in the fleet's topics, generated from its seed: its ACCEPTED
 * event, the router's ROUTED tallies (one per router transaction of up to {@link #ROUTER_POLL}
 * first placements, and one per such transaction's escalations, as the router writes them when the
 * escalation requests come back), and one result per task as a worker (or, for a refused
 * escalation, the router) writes it, plus a second copy of a few results written later.
 *
 * <p>Outcomes per task: 63% succeed on fast (3% of them after a retried MODEL_UNAVAILABLE), 24%
 * are routed to quality and succeed there, 7% are escalated from fast (answer rejected) and succeed
 * on quality; 1% fail on fast (BAD_REQUEST, not escalated), 3% fail on quality (TIMEOUT after three
 * calls) and 2% are escalated and fail on quality too (OUTPUT_REJECTED). Answers are 300 to 2,000
 * characters, about 4 characters a token; prices are the shipped simulated tiers'.
 */
final class BatchHistory {

    /** First placements per router transaction: the router's {@code max.poll.records}. */
    static final int ROUTER_POLL = 500;
    /** Tasks a batch finishes per second, which spreads its results' times. */
    private static final int TASKS_PER_SECOND = 40;

    private static final String FAST = "fast";
    private static final String QUALITY = "quality";
    private static final String FAST_MODEL = "gpt-4o-mini";
    private static final String QUALITY_MODEL = "claude-sonnet-4-5";
    private static final double[] FAST_PRICE = {0.15e-6, 0.60e-6};
    private static final double[] QUALITY_PRICE = {3e-6, 15e-6};
    private static final String[] TYPES = {"refactor", "rename-symbol", "format-code", "write-tests", "code-review",
        "security-review", "architecture", "performance-investigation", "boilerplate", "docstring", "migration",
        "bugfix"};

    enum Outcome {
        FAST_OK(FAST, FAST, true), QUALITY_OK(QUALITY, QUALITY, true), ESCALATED_OK(FAST, QUALITY, true),
        FAST_FAILED(FAST, FAST, false), QUALITY_FAILED(QUALITY, QUALITY, false),
        ESCALATED_FAILED(FAST, QUALITY, false);

        final String firstTier;
        final String finalTier;
        final boolean succeeded;

        Outcome(String firstTier, String finalTier, boolean succeeded) {
            this.firstTier = firstTier;
            this.finalTier = finalTier;
            this.succeeded = succeeded;
        }

        boolean escalated() {
            return !firstTier.equals(finalTier);
        }

        static Outcome draw(Random random) {
            double p = random.nextDouble();
            if (p < 0.63) {
                return FAST_OK;
            }
            if (p < 0.87) {
                return QUALITY_OK;
            }
            if (p < 0.94) {
                return ESCALATED_OK;
            }
            if (p < 0.95) {
                return FAST_FAILED;
            }
            return p < 0.98 ? QUALITY_FAILED : ESCALATED_FAILED;
        }
    }

    /** Where the records go; keys are batch or task ids, timestamps epoch ms. */
    interface Sink {
        void batchEvent(String batchId, byte[] value, long timestamp);

        /** The ROUTED events of one router transaction. */
        void routerTransaction(List<BatchEvent> events);

        void result(String taskId, byte[] value, long timestamp);
    }

    private BatchHistory() {
    }

    /** Generates the batch's records into {@code sink}; answers what its status must say. */
    static BatchTruth write(HistoryPlan.PlannedBatch batch, AnswerText answers, double duplicateRate, Sink sink) {
        Random random = new Random(batch.seed());
        Outcome[] outcomes = new Outcome[batch.tasks()];
        for (int i = 0; i < outcomes.length; i++) {
            outcomes[i] = Outcome.draw(random);
        }
        Instant accepted = batch.acceptedAt();
        long batchEventBytes = 0;
        byte[] acceptedEvent = EventCodec.encodeToBytes(new BatchEvent(EventCodec.SCHEMA_VERSION, batch.batchId(),
                batch.team(), BatchEvent.Type.ACCEPTED, accepted, batch.tasks(), 1, null));
        sink.batchEvent(batch.batchId(), acceptedEvent, accepted.toEpochMilli());
        batchEventBytes += acceptedEvent.length;
        batchEventBytes += tallies(batch, outcomes, sink);

        long[] fast = new long[5];
        long[] quality = new long[5];
        int succeeded = 0;
        long inputTokens = 0;
        long outputTokens = 0;
        long costNano = 0;
        long resultBytes = 0;
        List<TaskResult> duplicates = new ArrayList<>();
        for (int i = 0; i < outcomes.length; i++) {
            Outcome outcome = outcomes[i];
            String taskId = new UUID(random.nextLong(), random.nextLong()).toString();
            Instant finishedAt = accepted.plusMillis(1_000L * i / TASKS_PER_SECOND + 500 + random.nextInt(8_000));
            TaskResult result = result(batch, taskId, outcome, finishedAt, random, answers);
            byte[] value = EventCodec.encodeToBytes(result);
            sink.result(taskId, value, finishedAt.toEpochMilli());
            resultBytes += value.length + taskId.length();
            if (random.nextDouble() < duplicateRate) {
                // The same task run again by another worker after a rebalance: billed again, written later.
                duplicates.add(result(batch, taskId, outcome, finishedAt.plusSeconds(45), random, answers));
            }
            if (outcome.succeeded) {
                succeeded++;
            }
            inputTokens += result.inputTokens();
            outputTokens += result.outputTokens();
            costNano += Math.round(result.costUsd() * 1e9);
            long[] first = outcome.firstTier.equals(FAST) ? fast : quality;
            first[0]++;
            if (outcome.escalated()) {
                fast[2]++;
                quality[1]++;
            }
            long[] last = outcome.finalTier.equals(FAST) ? fast : quality;
            last[outcome.succeeded ? 3 : 4]++;
        }
        for (TaskResult duplicate : duplicates) {
            byte[] value = EventCodec.encodeToBytes(duplicate);
            sink.result(duplicate.taskId(), value, duplicate.finishedAt().toEpochMilli());
            resultBytes += value.length + duplicate.taskId().length();
        }
        return new BatchTruth(batch.index(), batch.batchId(), batch.team(), accepted, batch.tasks(), succeeded,
                batch.tasks() - succeeded, inputTokens, outputTokens, costNano, duplicates.size(), tier(fast),
                tier(quality), resultBytes, batchEventBytes);
    }

    private static BatchTruth.Tier tier(long[] counts) {
        return new BatchTruth.Tier(counts[0], counts[1], counts[2], counts[3], counts[4]);
    }

    /** The router's ROUTED events: per transaction of up to {@link #ROUTER_POLL} tasks, then its escalations. */
    private static long tallies(HistoryPlan.PlannedBatch batch, Outcome[] outcomes, Sink sink) {
        long bytes = 0;
        for (int from = 0; from < outcomes.length; from += ROUTER_POLL) {
            int to = Math.min(outcomes.length, from + ROUTER_POLL);
            long onFast = 0;
            long onQuality = 0;
            long escalated = 0;
            for (int i = from; i < to; i++) {
                if (outcomes[i].firstTier.equals(FAST)) {
                    onFast++;
                } else {
                    onQuality++;
                }
                if (outcomes[i].escalated()) {
                    escalated++;
                }
            }
            Instant routedAt = batch.acceptedAt().minusMillis(Math.max(0, (outcomes.length - from) / 20));
            Map<String, TierRouting> placed = new LinkedHashMap<>();
            if (onFast > 0) {
                placed.put(FAST, new TierRouting(onFast, 0, 0, 0));
            }
            if (onQuality > 0) {
                placed.put(QUALITY, new TierRouting(onQuality, 0, 0, 0));
            }
            BatchEvent routed = BatchEvent.routed(batch.batchId(), batch.team(), 1, routedAt, placed);
            sink.routerTransaction(List.of(routed));
            bytes += EventCodec.encodeToBytes(routed).length;
            if (escalated > 0) {
                Map<String, TierRouting> moved = new LinkedHashMap<>();
                moved.put(FAST, new TierRouting(0, 0, escalated, 0));
                moved.put(QUALITY, new TierRouting(0, escalated, 0, 0));
                BatchEvent escalation = BatchEvent.routed(batch.batchId(), batch.team(), 1,
                        batch.acceptedAt().plusMillis(1_000L * to / TASKS_PER_SECOND + 2_000), moved);
                sink.routerTransaction(List.of(escalation));
                bytes += EventCodec.encodeToBytes(escalation).length;
            }
        }
        return bytes;
    }

    private static TaskResult result(HistoryPlan.PlannedBatch batch, String taskId, Outcome outcome,
                                     Instant finishedAt, Random random, AnswerText answers) {
        String type = TYPES[random.nextInt(TYPES.length)];
        long promptTokens = 60 + random.nextInt(840);
        List<AttemptRecord> history = new ArrayList<>(3);
        String output = null;
        ResultError error = null;
        RoutingDecision routing = outcome.escalated()
                ? new RoutingDecision("escalation", 0.0, "escalated from fast after OUTPUT_REJECTED")
                : firstDecision(outcome.firstTier, type, random);
        switch (outcome) {
            case FAST_OK, QUALITY_OK -> {
                String tier = outcome.finalTier;
                if (tier.equals(FAST) && random.nextInt(100) < 3) {
                    history.add(failedCall(tier, ResultErrorCodes.MODEL_UNAVAILABLE, "the model was briefly unavailable",
                            random));
                }
                output = answers.slice(random, 300 + random.nextInt(1_701));
                history.add(answered(tier, AttemptRecord.SUCCEEDED, null, promptTokens, output.length(), random));
            }
            case ESCALATED_OK -> {
                history.add(answered(FAST, ResultErrorCodes.OUTPUT_REJECTED, "the answer is not valid JSON",
                        promptTokens, 300 + random.nextInt(1_000), random));
                output = answers.slice(random, 300 + random.nextInt(1_701));
                history.add(answered(QUALITY, AttemptRecord.SUCCEEDED, null, promptTokens, output.length(), random));
            }
            case FAST_FAILED -> {
                error = new ResultError(ResultErrorCodes.BAD_REQUEST, "HTTP 400: the request was refused as it is");
                history.add(failedCall(FAST, error.code(), error.message(), random));
            }
            case QUALITY_FAILED -> {
                error = new ResultError(ResultErrorCodes.TIMEOUT, "no answer within 120 s, 3 calls");
                for (int call = 0; call < 3; call++) {
                    history.add(failedCall(QUALITY, error.code(), "no answer within 120 s", random));
                }
            }
            case ESCALATED_FAILED -> {
                history.add(answered(FAST, ResultErrorCodes.OUTPUT_REJECTED, "the answer is not valid JSON",
                        promptTokens, 300 + random.nextInt(1_000), random));
                error = new ResultError(ResultErrorCodes.OUTPUT_REJECTED,
                        "the answer does not match the expected schema: $.summary is required");
                history.add(answered(QUALITY, error.code(), error.message(), promptTokens, 300 + random.nextInt(1_500),
                        random));
            }
            default -> throw new IllegalStateException(outcome.name());
        }
        long in = 0;
        long out = 0;
        double cost = 0;
        for (AttemptRecord call : history) {
            in += call.inputTokens();
            out += call.outputTokens();
            cost += call.costUsd();
        }
        AttemptRecord last = history.get(history.size() - 1);
        return new TaskResult(EventCodec.SCHEMA_VERSION, taskId, batch.batchId(), type, outcome.finalTier,
                model(outcome.finalTier), outcome.succeeded ? ResultStatus.SUCCEEDED : ResultStatus.FAILED, output,
                error, history.size(), in, out, cost, last.latencyMs(), workerId(outcome.finalTier, random), finishedAt,
                routing, batch.team(), 1, batch.acceptedAt(), history, null);
    }

    private static RoutingDecision firstDecision(String tier, String type, Random random) {
        if (tier.equals(FAST) && (type.equals("rename-symbol") || type.equals("format-code")
                || type.equals("boilerplate") || type.equals("docstring"))) {
            return new RoutingDecision("mechanical-chores", 0.0, "type " + type + " is a mechanical chore: fast");
        }
        if (tier.equals(QUALITY) && (type.equals("security-review") || type.equals("architecture"))) {
            return new RoutingDecision("senior-work", 0.0, "type " + type + " needs senior judgement: quality");
        }
        double score = tier.equals(FAST) ? 0.05 + random.nextDouble() * 0.5 : 0.55 + random.nextDouble() * 0.4;
        Map<String, Double> features = new LinkedHashMap<>();
        features.put("estimatedTokens", (double) (100 + random.nextInt(1_500)));
        features.put("fileCount", (double) random.nextInt(5));
        features.put("codeBlocks", (double) random.nextInt(3));
        features.put("seniorSignals", (double) (tier.equals(QUALITY) ? 1 + random.nextInt(3) : 0));
        features.put("juniorSignals", (double) random.nextInt(2));
        return new RoutingDecision("heuristic", Math.round(score * 1000) / 1000.0,
                String.format(java.util.Locale.ROOT, "complexity %.2f %s 0.55: %s", score,
                        tier.equals(FAST) ? "below" : "at or above", tier), features);
    }

    private static AttemptRecord answered(String tier, String outcome, String detail, long promptTokens,
                                          int answerChars, Random random) {
        long outTokens = Math.max(1, answerChars / 4);
        double[] price = tier.equals(FAST) ? FAST_PRICE : QUALITY_PRICE;
        return new AttemptRecord(tier, model(tier), outcome, detail, latency(tier, random), promptTokens, outTokens,
                promptTokens * price[0] + outTokens * price[1]);
    }

    /** A call that failed before the provider billed anything. */
    private static AttemptRecord failedCall(String tier, String code, String detail, Random random) {
        return new AttemptRecord(tier, model(tier), code, detail, latency(tier, random), 0, 0, 0.0);
    }

    private static long latency(String tier, Random random) {
        double median = tier.equals(FAST) ? 800 : 3_000;
        return Math.round(median * Math.exp(0.35 * random.nextGaussian()));
    }

    private static String model(String tier) {
        return tier.equals(FAST) ? FAST_MODEL : QUALITY_MODEL;
    }

    private static String workerId(String tier, Random random) {
        return "worker-" + tier + "-7c9f5d8b4-" + (char) ('a' + random.nextInt(6)) + "x" + random.nextInt(10);
    }
}
