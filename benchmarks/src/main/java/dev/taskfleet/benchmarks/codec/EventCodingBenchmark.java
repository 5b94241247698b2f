package dev.taskfleet.benchmarks.codec;

import dev.taskfleet.benchmarks.policy.PolicyTaskMix;
import dev.taskfleet.contract.AttemptRecord;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.EventDecodingException;
import dev.taskfleet.contract.InvalidTaskException;
import dev.taskfleet.contract.NameSyntax;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.ResultSummary;
import dev.taskfleet.contract.ResultSummaryCodec;
import dev.taskfleet.contract.RoutedTask;
import dev.taskfleet.contract.RoutedTaskWriter;
import dev.taskfleet.contract.RoutingDecision;
import dev.taskfleet.contract.Task;
import dev.taskfleet.contract.TaskLimits;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.contract.TaskValidator;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What one hop pays to read and write an event, the ways the services did it before issue 13's
 * profile and the ways they do it now, side by side in one JVM. Single-threaded, nanoseconds per
 * event, over {@link PolicyTaskMix} (1,024 tasks, seed 42; prompts of a few sentences to a few KB)
 * and results with answers of 1 to 3 KB, cycled in order.
 *
 * <ul>
 *   <li>{@code *LongWay}: strict UTF-8 to a String, a tree, then the event: every decode before
 *       (still the way for a payload the one pass refuses, to name what is wrong).</li>
 *   <li>{@code *OnePass}: {@code EventCodec.decode*(byte[])} now: bound straight from the bytes.</li>
 *   <li>{@code resultSummary}: the producer's tracker now ({@code ResultSummaryCodec}, the answer
 *       skipped unread).</li>
 *   <li>{@code routedTaskEncoded} / {@code routedTaskWritten}: the router placing a task before
 *       (the decoded task encoded again) and now ({@code RoutedTaskWriter}, the record's bytes
 *       copied around the decision).</li>
 *   <li>{@code taskNamesByRegex} / {@code taskNamesByLoop}: the task's id, type and team checked
 *       by the regular expressions every hop's {@code TaskValidator} used before (kept here for the
 *       comparison) and by {@code NameSyntax} now; {@code taskChecked}: the whole check now.</li>
 * </ul>
 *
 * <p>Run: {@code java -cp "benchmarks/target/taskfleet-benchmarks.jar:benchmarks/target/lib/*"
 * org.openjdk.jmh.Main EventCodingBenchmark -wi 3 -i 5 -w 1s -r 1s -f 1}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EventCodingBenchmark {

    static final long SEED = 42;
    static final int EVENTS = 1024;
    private static final String[] ANSWER_WORDS = {"The", "refactor", "keeps", "behaviour;", "tests", "cover",
        "every", "branch", "and", "the", "new", "method", "is", "shorter.", "See", "src/main/Foo.java", "é", "→"};

    /** The rules of {@code NameSyntax} as the regular expressions {@code TaskValidator} used before. */
    private static final Pattern TASK_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    private static final Pattern TASK_TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern TEAM = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private final TaskValidator validator = new TaskValidator(TaskLimits.defaults(List.of("fast", "quality")));
    private Task[] tasks;
    private byte[][] taskBytes;
    private byte[][] routedBytes;
    private byte[][] resultBytes;
    private RoutedTask[] routed;
    private int next;

    @Setup
    public void setUp() {
        Random random = new Random(SEED);
        tasks = PolicyTaskMix.tasks(EVENTS, SEED).toArray(Task[]::new);
        taskBytes = new byte[EVENTS][];
        routedBytes = new byte[EVENTS][];
        resultBytes = new byte[EVENTS][];
        routed = new RoutedTask[EVENTS];
        for (int i = 0; i < EVENTS; i++) {
            RoutingDecision decision = new RoutingDecision("heuristic", random.nextDouble(),
                    "complexity score above the quality line", Map.of("estimatedTokens", 300.0 + i));
            routed[i] = RoutedTask.firstPlacement(tasks[i], i % 3 == 0 ? "quality" : "fast", decision);
            taskBytes[i] = EventCodec.encodeToBytes(tasks[i]);
            routedBytes[i] = EventCodec.encodeToBytes(routed[i]);
            resultBytes[i] = EventCodec.encodeToBytes(result(routed[i], random));
        }
    }

    private static TaskResult result(RoutedTask routed, Random random) {
        StringBuilder answer = new StringBuilder();
        int length = 1024 + random.nextInt(2048);
        while (answer.length() < length) {
            answer.append(ANSWER_WORDS[random.nextInt(ANSWER_WORDS.length)]).append(' ');
        }
        Instant finished = Instant.parse("2026-01-01T00:00:01.123456Z").plusMillis(random.nextInt(100_000));
        return new TaskResult(1, routed.task().id(), routed.task().batchId(), routed.task().type(), routed.tier(),
                "sim-" + routed.tier(), ResultStatus.SUCCEEDED, answer.toString(), null, 1, 400, 300, 0.0004, 900,
                "worker-1", finished, routed.routing(), routed.task().team(), 1, routed.task().createdAt(),
                List.of(new AttemptRecord(routed.tier(), "sim-" + routed.tier(), AttemptRecord.SUCCEEDED, null, 900,
                        400, 300, 0.0004)), routed.task().priority());
    }

    private int nextIndex() {
        int i = next;
        next = (next + 1) % EVENTS;
        return i;
    }

    @Benchmark
    public boolean taskNamesByRegex() {
        Task task = tasks[nextIndex()];
        return TASK_ID.matcher(task.id()).matches() & (task.type() == null || TASK_TYPE.matcher(task.type()).matches())
                & TEAM.matcher(task.team()).matches();
    }

    @Benchmark
    public boolean taskNamesByLoop() {
        Task task = tasks[nextIndex()];
        return NameSyntax.isTaskId(task.id()) & (task.type() == null || NameSyntax.isTaskType(task.type()))
                & NameSyntax.isTeam(task.team());
    }

    @Benchmark
    public Task taskChecked() throws InvalidTaskException {
        Task task = tasks[nextIndex()];
        validator.check(task);
        return task;
    }

    @Benchmark
    public Task taskLongWay() throws EventDecodingException {
        return EventCodec.decodeTask(EventCodec.utf8(taskBytes[nextIndex()]));
    }

    @Benchmark
    public Task taskOnePass() throws EventDecodingException {
        return EventCodec.decodeTask(taskBytes[nextIndex()]);
    }

    @Benchmark
    public RoutedTask routedTaskLongWay() throws EventDecodingException {
        return EventCodec.decodeRoutedTask(EventCodec.utf8(routedBytes[nextIndex()]));
    }

    @Benchmark
    public RoutedTask routedTaskOnePass() throws EventDecodingException {
        return EventCodec.decodeRoutedTask(routedBytes[nextIndex()]);
    }

    @Benchmark
    public TaskResult resultLongWay() throws EventDecodingException {
        return EventCodec.decodeResult(EventCodec.utf8(resultBytes[nextIndex()]));
    }

    @Benchmark
    public TaskResult resultOnePass() throws EventDecodingException {
        return EventCodec.decodeResult(resultBytes[nextIndex()]);
    }

    @Benchmark
    public ResultSummary resultSummary() throws EventDecodingException {
        return ResultSummaryCodec.decode(resultBytes[nextIndex()]);
    }

    @Benchmark
    public byte[] routedTaskEncoded() {
        return EventCodec.encode(routed[nextIndex()]).getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public byte[] routedTaskWritten() {
        int i = nextIndex();
        return RoutedTaskWriter.write(routed[i], taskBytes[i]);
    }
}
