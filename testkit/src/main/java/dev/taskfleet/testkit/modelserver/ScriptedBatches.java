package dev.taskfleet.testkit.modelserver;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a scripted provider batch API keeps, whichever API it speaks: the batches created, each
 * request's prompt and scripted {@link BatchAnswer}, how many times each prompt was submitted (so a
 * test proves "each request once"), and the levers a test pulls: {@link #holdBatches()} keeps every
 * batch in progress until {@link #releaseBatches()}, {@link #refuseCreates} answers the next
 * creations with 429. Without a hold, each poll of a batch moves it one status on, so a test's
 * batches end after a few polls.
 *
 * <p>Thread-safe: the server answers requests concurrently.
 */
public abstract class ScriptedBatches {

    /** One request of a created batch. */
    protected record Request(String customId, String prompt, BatchAnswer answer) {
    }

    /** One created batch: its requests, where it is in its API's status sequence, and whether it was cancelled before it ended. */
    protected static final class Batch {
        final String id;
        final Instant createdAt;
        final List<Request> requests;
        final Map<String, String> metadata;
        int step;
        boolean cancelled;

        Batch(String id, Instant createdAt, List<Request> requests, Map<String, String> metadata) {
            this.id = id;
            this.createdAt = createdAt;
            this.requests = List.copyOf(requests);
            this.metadata = Map.copyOf(metadata);
        }

        boolean anyExpired() {
            return requests.stream().anyMatch(r -> r.answer().kind() == BatchAnswer.Kind.EXPIRED);
        }
    }

    private record PromptRule(String fragment, List<BatchAnswer> answers, Map<String, Integer> seen) {

        BatchAnswer answerTo(String prompt) {
            int nth = seen.merge(prompt, 1, Integer::sum) - 1;
            return answers.get(Math.min(nth, answers.size() - 1));
        }
    }

    private final List<PromptRule> rules = new ArrayList<>();
    private final Map<String, Integer> submissions = new LinkedHashMap<>();
    private final Map<String, Batch> batches = new LinkedHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<String, Integer> resultReads = new HashMap<>();
    private BatchAnswer otherwise = BatchAnswer.ok("done", 10, 5);
    private boolean held;
    private int refusals;
    private String refusalRetryAfter;

    /**
     * Requests whose prompt contains {@code fragment}: each distinct such prompt gets {@code first}
     * the first time it is submitted, the next of {@code then} each time again, and the last from
     * then on; {@code whenPromptContains("flaky", error(500, ...), ok(...))} fails every flaky
     * request once and answers it when it comes again in a later batch.
     */
    public synchronized ScriptedBatches whenPromptContains(String fragment, BatchAnswer first, BatchAnswer... then) {
        List<BatchAnswer> answers = new ArrayList<>();
        answers.add(first);
        answers.addAll(List.of(then));
        rules.add(new PromptRule(fragment, List.copyOf(answers), new HashMap<>()));
        return this;
    }

    /** The answer of every request no rule matches; {@code ok("done", 10, 5)} until set. */
    public synchronized ScriptedBatches otherwise(BatchAnswer answer) {
        this.otherwise = answer;
        return this;
    }

    /** Keeps every batch, new or not, in progress (polls see no change) until {@link #releaseBatches()}. */
    public synchronized void holdBatches() {
        held = true;
    }

    /** Lets held batches move on with the next polls. */
    public synchronized void releaseBatches() {
        held = false;
    }

    /** Answers the next {@code count} batch creations with 429 and {@code Retry-After: <retryAfter>}; nothing is created. */
    public synchronized void refuseCreates(int count, String retryAfter) {
        this.refusals = count;
        this.refusalRetryAfter = retryAfter;
    }

    /** How many times a request with exactly this prompt was submitted, over every batch created. */
    public synchronized int timesSubmitted(String prompt) {
        return submissions.getOrDefault(prompt, 0);
    }

    /** Every prompt submitted and how many times, in the order first submitted. */
    public synchronized Map<String, Integer> submissions() {
        return Map.copyOf(submissions);
    }

    /** How many batches were created. */
    public synchronized int batchesCreated() {
        return batches.size();
    }

    /** How many times the outcomes of any batch were read (output files, results). */
    public synchronized int resultsRead() {
        return resultReads.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Requests submitted in batch {@code id}, by custom id. */
    public synchronized Map<String, String> promptsOf(String id) {
        Map<String, String> prompts = new LinkedHashMap<>();
        Batch batch = batches.get(id);
        if (batch != null) {
            batch.requests.forEach(r -> prompts.put(r.customId(), r.prompt()));
        }
        return prompts;
    }

    /** The ids of the batches created, oldest first. */
    public synchronized List<String> batchIds() {
        return List.copyOf(batches.keySet());
    }

    /** Takes a creation in: refuses it (returns {@code null}) while refusals are left, else records it. */
    protected synchronized Batch create(String prefix, Map<String, String> customIdToPrompt, Map<String, String> metadata) {
        if (refusals > 0) {
            refusals--;
            return null;
        }
        List<Request> requests = new ArrayList<>();
        customIdToPrompt.forEach((customId, prompt) -> {
            submissions.merge(prompt, 1, Integer::sum);
            requests.add(new Request(customId, prompt, answerTo(prompt)));
        });
        Batch batch = new Batch(prefix + String.format("%05d", ids.incrementAndGet()), Instant.now(), requests, metadata);
        batches.put(batch.id, batch);
        return batch;
    }

    protected synchronized String refusalRetryAfter() {
        return refusalRetryAfter;
    }

    protected synchronized Batch batch(String id) {
        return batches.get(id);
    }

    /** Every batch, newest first, as list endpoints page them. */
    protected synchronized List<Batch> newestFirst() {
        List<Batch> all = new ArrayList<>(batches.values());
        Collections.reverse(all);
        return all;
    }

    /**
     * Moves a batch one step on its way to {@code last}, unless batches are held and it is at
     * {@code holdAt}; a cancelled batch goes straight to {@code last}.
     */
    protected synchronized void advance(Batch batch, int holdAt, int last) {
        if (batch.cancelled) {
            batch.step = last;
        } else if (!held || batch.step < holdAt) {
            batch.step = Math.min(last, batch.step + 1);
        }
    }

    /** Cancels a batch that has not ended ({@code last} is its end); {@code false} when it had. */
    protected synchronized boolean cancel(Batch batch, int last) {
        if (batch.step >= last) {
            return false;
        }
        batch.cancelled = true;
        return true;
    }

    protected synchronized void readResults(String id) {
        resultReads.merge(id, 1, Integer::sum);
    }

    private BatchAnswer answerTo(String prompt) {
        for (PromptRule rule : rules) {
            if (prompt.contains(rule.fragment())) {
                return rule.answerTo(prompt);
            }
        }
        return otherwise;
    }
}
