package dev.taskfleet.e2e;

import dev.taskfleet.testkit.TaskBuilder;
import dev.taskfleet.testkit.modelserver.OpenAiChat;
import dev.taskfleet.testkit.modelserver.RecordedRequest;
import dev.taskfleet.testkit.modelserver.Reply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The fault suite's model provider, played by the scripted model server: it answers every call
 * after {@code callTime} and, when told, misbehaves as providers do. Which task meets which fault
 * is drawn from the seed and the task id, never from the order calls arrive in, so a seed gives
 * the same schedule on a fast machine and a slow one. It counts the calls per task, the suite's
 * "model calls per task".
 *
 * <p>Every task's prompt starts with {@code "Task <id>:"} ({@link #promptOf}), which is how a call
 * is tied to its task.
 */
final class FaultyProvider implements Function<RecordedRequest, Reply> {

    /** Shares of tasks whose first call meets each provider fault, when provider faults are on. */
    private static final double RATE_LIMITED = 0.10;
    private static final double SLOWER_THAN_TIMEOUT = 0.03;
    private static final double CUT_MID_ANSWER = 0.05;

    private static final Pattern TASK_ID = Pattern.compile("Task (\\S+):");

    private final long seed;
    private final Duration callTime;
    private final Duration callTimeout;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> injected = new ConcurrentHashMap<>();
    private final Map<String, Duration> callTimes = new ConcurrentHashMap<>();
    private volatile String faultyBatchPrefix;
    private volatile Instant outageEnds = Instant.MIN;

    FaultyProvider(long seed, Duration callTime, Duration callTimeout) {
        this.seed = seed;
        this.callTime = callTime;
        this.callTimeout = callTimeout;
    }

    static String promptOf(String taskId) {
        return "Task " + taskId + ": extract the retry loop of HttpClient.send into a helper.";
    }

    /** Tasks {@code <name>-<from>} to {@code <name>-<to - 1>} with this provider's prompts, as the JSONL body of a submission. */
    static byte[] jsonl(String name, int from, int to) {
        return IntStream.range(from, to)
                .mapToObj(i -> TaskBuilder.task().id(name + "-" + i).type("refactor").prompt(promptOf(name + "-" + i))
                        .submissionJson())
                .collect(Collectors.joining("\n", "", "\n")).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * From now on the first call of some tasks whose id starts with {@code taskIdPrefix} meets a
     * provider fault: a 429 with {@code Retry-After: 2}, an answer slower than the call timeout,
     * or an answer cut off halfway.
     */
    void misbehaveFor(String taskIdPrefix) {
        faultyBatchPrefix = taskIdPrefix;
    }

    /** From now on calls for tasks whose id starts with {@code taskIdPrefix} are answered after {@code callTime}. */
    void answerAfter(String taskIdPrefix, Duration callTime) {
        callTimes.put(taskIdPrefix, callTime);
    }

    /** Every call answers HTTP 500 for {@code length} from now, as a provider outage does. */
    void outageFor(Duration length) {
        outageEnds = Instant.now().plus(length);
    }

    /** Model calls made so far for tasks whose id starts with {@code taskIdPrefix}. */
    long callsFor(String taskIdPrefix) {
        return calls.entrySet().stream().filter(e -> e.getKey().startsWith(taskIdPrefix))
                .mapToLong(e -> e.getValue().get()).sum();
    }

    @Override
    public Reply apply(RecordedRequest request) {
        String taskId = taskIdOf(request.prompt());
        int call = calls.computeIfAbsent(taskId, id -> new AtomicInteger()).incrementAndGet();
        Reply ok = OpenAiChat.ok("done: " + taskId, 40, 12).after(callTimes.entrySet().stream()
                .filter(slower -> taskId.startsWith(slower.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse(callTime));
        if (Instant.now().isBefore(outageEnds)) {
            return injected("HTTP 500", OpenAiChat.error(500, "the provider is down"));
        }
        String prefix = faultyBatchPrefix;
        if (call > 1 || prefix == null || !taskId.startsWith(prefix)) {
            return ok;
        }
        // SplittableRandom mixes its seed; java.util.Random's first draws of nearby seeds are alike.
        double draw = new SplittableRandom(seed ^ taskId.hashCode()).nextDouble();
        if (draw < RATE_LIMITED) {
            return injected("429", OpenAiChat.rateLimited("2"));
        }
        if (draw < RATE_LIMITED + SLOWER_THAN_TIMEOUT) {
            return injected("too slow", ok.after(callTimeout.plusSeconds(1)));
        }
        if (draw < RATE_LIMITED + SLOWER_THAN_TIMEOUT + CUT_MID_ANSWER) {
            return injected("cut mid-answer", ok.cutMidBody());
        }
        return ok;
    }

    /** How many calls met each provider fault so far, by fault. */
    Map<String, Long> injected() {
        Map<String, Long> counts = new TreeMap<>();
        injected.forEach((fault, count) -> counts.put(fault, count.get()));
        return counts;
    }

    private Reply injected(String fault, Reply reply) {
        injected.computeIfAbsent(fault, f -> new AtomicLong()).incrementAndGet();
        return reply;
    }

    static String taskIdOf(String prompt) {
        Matcher task = TASK_ID.matcher(prompt == null ? "" : prompt);
        if (!task.find()) {
            throw new IllegalArgumentException("not a fault-suite prompt: " + prompt);
        }
        return task.group(1);
    }
}
