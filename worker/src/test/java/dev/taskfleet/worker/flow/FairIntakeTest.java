package dev.taskfleet.worker.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.contract.Priority;
import dev.taskfleet.worker.flow.FairIntake.Bounds;
import dev.taskfleet.worker.flow.FairIntake.Source;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FairIntakeTest {

    private static final Source LANE_A = new Source("tasks.fast.a", 0);
    private static final Source LANE_B = new Source("tasks.fast.b", 0);
    private static final Duration NEVER = Duration.ofDays(365);

    /** Stands in for the consumer: the partitions it has, and which of them it has paused. */
    private final FakeConsumer consumer = new FakeConsumer();
    /** Started work, by name, each held until the test completes it. */
    private final Map<String, CompletableFuture<Void>> running = new ConcurrentHashMap<>();
    private final List<String> started = new CopyOnWriteArrayList<>();
    private final AtomicLong nanos = new AtomicLong();

    @Test
    void pausesAPartitionOnceReadAheadTasksWaitAndResumesItWhenAQuarterHaveStarted() {
        FairIntake intake = intake(new InFlightLimiter(1), new Bounds(8, 16, NEVER), team -> 1);
        intake.assign(List.of(LANE_A, LANE_B));

        for (int i = 0; i < 9; i++) {
            intake.offer(LANE_A, "a", Priority.STANDARD, "batch", held("a-" + i));
        }

        assertThat(started).containsExactly("a-0");
        assertThat(intake.waiting()).isEqualTo(8);
        assertThat(consumer.paused).containsExactly(LANE_A);
        finish("a-0");
        assertThat(consumer.paused).as("7 waiting: above three quarters of the read-ahead").containsExactly(LANE_A);
        finish("a-1");
        assertThat(intake.waiting()).isEqualTo(6);
        assertThat(consumer.paused).isEmpty();
        assertThat(intake.pausedPartitions()).isZero();
    }

    /**
     * What a poll returned counts the moment the consumer reports it, before a single record is
     * offered: the partition is paused before the next poll, so the waiting tasks exceed the bound
     * by at most one poll, however late the records are handed over.
     */
    @Test
    void recordsCountFromThePollThatReturnedThemSoThePauseLandsBeforeTheNextPoll() {
        FairIntake intake = intake(new InFlightLimiter(1), new Bounds(8, 16, NEVER), team -> 1);
        intake.assign(List.of(LANE_A, LANE_B));

        intake.polled(LANE_A, 9);

        assertThat(consumer.paused).as("paused with nothing offered yet").containsExactly(LANE_A);
        for (int i = 0; i < 9; i++) {
            intake.offer(LANE_A, "a", Priority.STANDARD, "batch", held("a-" + i));
        }
        assertThat(started).containsExactly("a-0");
        assertThat(consumer.paused).as("offering moves them from polled to waiting").containsExactly(LANE_A);
        finish("a-0");
        finish("a-1");
        assertThat(consumer.paused).as("6 held: at three quarters of the read-ahead").isEmpty();
    }

    @Test
    void polledRecordsFillTheIntakeAndARevokedPartitionsPolledRecordsAreForgotten() {
        FairIntake intake = fullOfNinePolledOnLaneA();

        assertThat(intake.isFull()).as("1 waiting and 9 polled reach max-waiting 10").isTrue();
        assertThat(consumer.paused).containsExactlyInAnyOrder(LANE_A, LANE_B);
        assertThat(intake.pausedPartitions()).isEqualTo(2);

        intake.dropPartitions(List.of(LANE_A));

        assertThat(intake.isFull()).as("the connector drops a revoked partition's records: 1 left").isFalse();
        assertThat(consumer.paused).isEmpty();
        intake.offer(LANE_A, "a", Priority.STANDARD, "x", held("a-late"));
        assertThat(intake.waiting()).as("a record handed over after all is still queued").isEqualTo(2);
    }

    /**
     * A partition can leave without the intake being told (SmallRye skips the listener when the
     * revocation's commit fails, though it drops the queued records): after the next rebalance the
     * counts of partitions no longer assigned are forgotten, so they cannot hold the intake full.
     */
    @Test
    void polledCountsOfPartitionsNoLongerAssignedAreForgottenAfterTheNextRebalance() {
        FairIntake intake = fullOfNinePolledOnLaneA();
        assertThat(intake.isFull()).isTrue();

        intake.retainArriving(List.of(LANE_B));

        assertThat(intake.isFull()).isFalse();
        assertThat(consumer.paused).isEmpty();
        assertThat(intake.pausedPartitions()).isZero();
        assertThat(intake.waiting()).as("what waits is untouched").isEqualTo(1);
    }

    @Test
    void aFullIntakePausesEveryPartitionWithATaskWaitingLeavesIdleOnesOpenAndResumesAtHalf() {
        FairIntake intake = intake(new InFlightLimiter(1), new Bounds(100, 4, NEVER), team -> 1);
        Source idle = new Source("tasks.fast.idle", 0);
        consumer.assigned.addAll(List.of(LANE_A, LANE_B, idle));

        intake.offer(LANE_A, "a", Priority.STANDARD, "x", held("a-0"));
        for (int i = 1; i <= 4; i++) {
            intake.offer(i % 2 == 0 ? LANE_A : LANE_B, i % 2 == 0 ? "a" : "b", Priority.STANDARD, "x", held("t-" + i));
        }

        assertThat(intake.isFull()).isTrue();
        assertThat(consumer.paused).as("the partitions with tasks waiting").containsExactlyInAnyOrder(LANE_A, LANE_B);
        assertThat(intake.pausedPartitions()).as("what the gauge reports").isEqualTo(2);
        // A newcomer's partition stays open until its first task waits, then it is paused too.
        intake.offer(idle, "c", Priority.STANDARD, "y", held("c-0"));
        assertThat(consumer.paused).containsExactlyInAnyOrder(LANE_A, LANE_B, idle);
        assertThat(intake.pausedPartitions()).isEqualTo(3);
        finish("a-0");
        finish("t-1");
        assertThat(consumer.paused).as("3 waiting, above half of 4").containsExactlyInAnyOrder(LANE_A, LANE_B, idle);
        finish("t-2");

        assertThat(started).as("the newcomer in its turn").containsExactly("a-0", "t-1", "t-2", "c-0");
        assertThat(intake.isFull()).isFalse();
        assertThat(consumer.paused).isEmpty();
    }

    @Test
    void anotherTeamsTasksStartInTheirTurnNotBehindADeepBacklogAlreadyRead() {
        FairIntake intake = intake(new InFlightLimiter(2), new Bounds(100, 1000, NEVER), team -> 1);
        for (int i = 0; i < 50; i++) {
            intake.offer(LANE_A, "a", Priority.STANDARD, "bulk", held("a-" + i));
        }
        intake.offer(LANE_B, "b", Priority.STANDARD, "small", held("b-0"));
        intake.offer(LANE_B, "b", Priority.STANDARD, "small", held("b-1"));

        finish("a-0");
        finish("a-1");
        finish("b-0");
        finish("a-2");

        // Team a had the turn when b's tasks arrived; then they alternate, 46 of a's still waiting.
        assertThat(started).containsExactly("a-0", "a-1", "a-2", "b-0", "a-3", "b-1");
        assertThat(intake.waitingByTeam()).isEqualTo(Map.of("a", 46));
    }

    @Test
    void aTaskThatHasWaitedTooLongStartsFirstWhateverTheShares() {
        FairIntake intake = intake(new InFlightLimiter(1), new Bounds(100, 1000, Duration.ofSeconds(60)),
                team -> team.equals("heavy") ? 1000 : 1);
        intake.offer(LANE_A, "heavy", Priority.STANDARD, "x", held("h-0"));
        intake.offer(LANE_A, "heavy", Priority.STANDARD, "x", held("h-1"));
        nanos.set(Duration.ofSeconds(1).toNanos());
        intake.offer(LANE_B, "light", Priority.BULK, "y", held("l-0"));
        nanos.set(Duration.ofSeconds(2).toNanos());
        for (int i = 2; i < 10; i++) {
            intake.offer(LANE_A, "heavy", Priority.STANDARD, "x", held("h-" + i));
        }

        finish("h-0");
        assertThat(started).as("within its wait, the heavy team's credit decides").containsExactly("h-0", "h-1");
        nanos.set(Duration.ofSeconds(61).toNanos());
        finish("h-1");

        assertThat(started).containsExactly("h-0", "h-1", "l-0");
        finish("l-0");
        assertThat(started).last().isEqualTo("h-2");
    }

    @Test
    void tasksOfAPartitionThatLeftArePassedOverAndItsPauseEnds() {
        FairIntake intake = intake(new InFlightLimiter(1), new Bounds(2, 4, NEVER), team -> 1);
        intake.assign(List.of(LANE_A, LANE_B));
        intake.offer(LANE_A, "a", Priority.STANDARD, "x", held("a-0"));
        intake.offer(LANE_A, "a", Priority.STANDARD, "x", held("a-1"));
        intake.offer(LANE_A, "a", Priority.STANDARD, "x", held("a-2"));
        intake.offer(LANE_B, "b", Priority.STANDARD, "y", held("b-0"));
        assertThat(consumer.paused).containsExactly(LANE_A);

        // Taken away and given back in one rebalance: its tasks are read again, its pause is gone.
        assertThat(intake.dropPartitions(List.of(LANE_A))).isEqualTo(2);
        assertThat(intake.assign(List.of(LANE_A))).isZero();
        assertThat(consumer.paused).isEmpty();
        intake.offer(LANE_A, "a", Priority.STANDARD, "x", held("a-1 again"));
        finish("a-0");
        finish("b-0");

        assertThat(started).containsExactly("a-0", "b-0", "a-1 again");
        assertThat(intake.pausedPartitions()).isZero();
    }

    @Test
    void afterAdmissionStopsTasksStayWaitingUnstarted() {
        InFlightLimiter limiter = new InFlightLimiter(1);
        FairIntake intake = intake(limiter, new Bounds(10, 100, NEVER), team -> 1);
        intake.offer(LANE_A, "a", Priority.STANDARD, "x", held("a-0"));
        intake.offer(LANE_A, "a", Priority.STANDARD, "x", held("a-1"));

        limiter.stopAdmitting();
        finish("a-0");

        assertThat(started).containsExactly("a-0");
        assertThat(intake.waiting()).isEqualTo(1);
    }

    @Test
    void workThatCompletesAtOnceStartsTheNextWithoutNesting() {
        InFlightLimiter limiter = new InFlightLimiter(1);
        FairIntake intake = intake(limiter, new Bounds(1_000_000, 1_000_000, NEVER), team -> 1);
        AtomicInteger ran = new AtomicInteger();
        intake.offer(LANE_A, "a", Priority.STANDARD, "x", held("gate"));
        for (int i = 0; i < 100_000; i++) {
            intake.offer(LANE_A, "a", Priority.STANDARD, "x", () -> {
                ran.incrementAndGet();
                return CompletableFuture.completedFuture(null);
            });
        }

        // Each instant task releases its permit inside the start of the previous one: a recursive
        // start would overflow the stack long before 100,000.
        finish("gate");

        assertThat(ran).hasValue(100_000);
        assertThat(limiter.inFlight()).isZero();
    }

    @Test
    void neverExceedsTheLimitUnderConcurrentLoadAndEndsWithNothingPaused() {
        int limit = 8;
        InFlightLimiter limiter = new InFlightLimiter(limit);
        FairIntake intake = intake(limiter, new Bounds(4, 16, Duration.ofMillis(1)), team -> team.equals("t0") ? 2 : 1);
        for (int team = 0; team < 3; team++) {
            intake.assign(List.of(new Source("tasks.fast.t" + team, 0), new Source("tasks.fast.t" + team, 1)));
        }
        ScheduledExecutorService pool = Executors.newScheduledThreadPool(4);
        AtomicInteger now = new AtomicInteger();
        AtomicInteger highest = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        SplittableRandom random = new SplittableRandom(42);
        try {
            for (int i = 0; i < 500; i++) {
                long delayMicros = random.nextLong(50, 500);
                boolean fails = random.nextInt(10) == 0;
                String team = "t" + random.nextInt(3);
                Priority priority = Priority.values()[random.nextInt(Priority.values().length)];
                Source source = new Source("tasks.fast." + team, random.nextInt(2));
                nanos.addAndGet(random.nextLong(0, 200_000));
                intake.offer(source, team, priority, "b" + random.nextInt(2), () -> {
                    highest.accumulateAndGet(now.incrementAndGet(), Math::max);
                    CompletableFuture<Void> call = new CompletableFuture<>();
                    pool.schedule(() -> {
                        now.decrementAndGet();
                        finished.incrementAndGet();
                        if (fails) {
                            call.completeExceptionally(new IllegalStateException("simulated failure"));
                        } else {
                            call.complete(null);
                        }
                    }, delayMicros, TimeUnit.MICROSECONDS);
                    return call;
                });
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> finished.get() == 500 && limiter.inFlight() == 0);
        } finally {
            pool.shutdownNow();
        }
        assertThat(highest.get()).isLessThanOrEqualTo(limit);
        assertThat(limiter.maxObserved()).isEqualTo(limit);
        assertThat(intake.waiting()).isZero();
        assertThat(consumer.paused).as("every pause was lifted").isEmpty();
        assertThat(intake.isFull()).isFalse();
    }

    @Test
    void eachPartitionMayHoldItsShareOfTheWaitingTasksWhenThatIsMoreThanTheReadAhead() {
        FairIntake intake = intake(new InFlightLimiter(1), new Bounds(16, 1000, NEVER), team -> 1);
        List<Source> six = partitions("tasks.fast", 6);
        intake.assign(six);
        assertThat(intake.partitionLimit()).isEqualTo(166);

        for (int i = 0; i <= 166; i++) {
            intake.offer(six.get(0), "a", Priority.STANDARD, "x", held("a-" + i));
        }
        assertThat(intake.waiting()).isEqualTo(166);
        assertThat(consumer.paused).containsExactly(six.get(0));

        // Four partitions leave: the two left share the same bound, so the first one resumes.
        intake.dropPartitions(six.subList(2, 6));
        assertThat(intake.partitionLimit()).isEqualTo(500);
        finish("a-0");
        assertThat(consumer.paused).as("165 waiting, under three quarters of 500").isEmpty();

        intake.dropPartitions(six.subList(0, 2));
        assertThat(intake.partitionLimit()).as("no partition known: the whole bound").isEqualTo(1000);
        intake.assign(partitions("tasks.fast.lanes", 20));
        assertThat(intake.partitionLimit()).isEqualTo(50);
        intake.assign(partitions("tasks.fast.more-lanes", 44));
        assertThat(intake.partitionLimit()).as("many lanes: never below the read-ahead").isEqualTo(16);
    }

    private static List<Source> partitions(String topic, int count) {
        return IntStream.range(0, count).mapToObj(p -> new Source(topic, p)).toList();
    }

    @Test
    void refusesBoundsBelowOne() {
        assertThatThrownBy(() -> new Bounds(0, 1, NEVER)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Bounds(1, 0, NEVER)).isInstanceOf(IllegalArgumentException.class);
    }

    /** One call slot, max-waiting 10: lane B's task running and one waiting, then a poll of 9 on lane A. */
    private FairIntake fullOfNinePolledOnLaneA() {
        FairIntake intake = intake(new InFlightLimiter(1), new Bounds(100, 10, NEVER), team -> 1);
        intake.assign(List.of(LANE_A, LANE_B));
        intake.offer(LANE_B, "b", Priority.STANDARD, "x", held("b-0"));
        intake.offer(LANE_B, "b", Priority.STANDARD, "x", held("b-1"));
        intake.polled(LANE_A, 9);
        return intake;
    }

    private FairIntake intake(InFlightLimiter limiter, Bounds bounds, ToIntFunction<String> weights) {
        FairIntake intake = new FairIntake(limiter, bounds, weights, consumer, nanos::get);
        consumer.intake = intake;
        return intake;
    }

    /** Work that records its start and runs until {@link #finish} completes it. */
    private Supplier<CompletionStage<Void>> held(String name) {
        return () -> {
            started.add(name);
            return running.computeIfAbsent(name, k -> new CompletableFuture<>());
        };
    }

    private void finish(String name) {
        running.get(name).complete(null);
    }

    /** Applies the intake's wanted state at once, as the consumer's thread would a moment later. */
    private static final class FakeConsumer implements FairIntake.Pauser {

        final Set<Source> assigned = ConcurrentHashMap.newKeySet();
        final Set<Source> paused = ConcurrentHashMap.newKeySet();
        volatile FairIntake intake;

        @Override
        public void sync(Source source) {
            assigned.add(source);
            apply(source);
        }

        @Override
        public void syncAll() {
            assigned.forEach(this::apply);
        }

        private void apply(Source source) {
            if (intake.pauseWanted(source)) {
                paused.add(source);
            } else {
                paused.remove(source);
            }
        }
    }
}
