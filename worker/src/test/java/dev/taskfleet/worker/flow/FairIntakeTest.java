package dev.taskfleet.worker.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.worker.flow.FairIntake.Source;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class FairIntakeTest {

    private static final Source LANE_A = new Source("tasks.fast.a", 0);
    private static final Source LANE_B = new Source("tasks.fast.b", 0);

    private final List<String> pauses = new CopyOnWriteArrayList<>();
    private final FairIntake.Pauser pauser = new FairIntake.Pauser() {
        @Override
        public void pause(Source source) {
            pauses.add("pause " + source.topic());
        }

        @Override
        public void resume(Source source) {
            pauses.add("resume " + source.topic());
        }
    };
    /** Started work, by name, each held until the test completes it. */
    private final Map<String, CompletableFuture<Void>> running = new ConcurrentHashMap<>();
    private final List<String> started = new CopyOnWriteArrayList<>();

    @Test
    void pausesAPartitionOnceReadAheadTasksWaitAndResumesItWhenHalfHaveStarted() {
        InFlightLimiter limiter = new InFlightLimiter(1);
        FairIntake intake = new FairIntake(limiter, 4, team -> 1, pauser);

        for (int i = 0; i < 5; i++) {
            intake.offer(LANE_A, "a", "batch", held("a-" + i));
        }

        assertThat(started).containsExactly("a-0");
        assertThat(intake.waiting()).isEqualTo(4);
        assertThat(pauses).containsExactly("pause tasks.fast.a");
        finish("a-0");
        assertThat(pauses).containsExactly("pause tasks.fast.a");
        finish("a-1");
        assertThat(intake.waiting()).isEqualTo(2);
        assertThat(pauses).containsExactly("pause tasks.fast.a", "resume tasks.fast.a");
        assertThat(intake.pausedPartitions()).isZero();
    }

    @Test
    void anotherTeamsTasksStartInTheirTurnNotBehindADeepBacklogAlreadyRead() {
        InFlightLimiter limiter = new InFlightLimiter(2);
        FairIntake intake = new FairIntake(limiter, 100, team -> 1, pauser);
        for (int i = 0; i < 50; i++) {
            intake.offer(LANE_A, "a", "bulk", held("a-" + i));
        }
        intake.offer(LANE_B, "b", "small", held("b-0"));
        intake.offer(LANE_B, "b", "small", held("b-1"));

        finish("a-0");
        finish("a-1");
        finish("b-0");
        finish("a-2");

        // Team a had the turn when b's tasks arrived; then they alternate, 46 of a's still waiting.
        assertThat(started).containsExactly("a-0", "a-1", "a-2", "b-0", "a-3", "b-1");
        assertThat(intake.waitingByTeam()).isEqualTo(Map.of("a", 46));
    }

    @Test
    void tasksOfAPartitionThatLeftArePassedOverAndTheOthersStillStart() {
        InFlightLimiter limiter = new InFlightLimiter(1);
        FairIntake intake = new FairIntake(limiter, 2, team -> 1, pauser);
        intake.offer(LANE_A, "a", "x", held("a-0"));
        intake.offer(LANE_A, "a", "x", held("a-1"));
        intake.offer(LANE_A, "a", "x", held("a-2"));
        intake.offer(LANE_B, "b", "y", held("b-0"));

        assertThat(intake.dropPartitions(List.of(LANE_A))).isEqualTo(2);
        finish("a-0");

        assertThat(started).containsExactly("a-0", "b-0");
        assertThat(intake.pausedPartitions()).isZero();
        assertThat(pauses).containsExactly("pause tasks.fast.a");
    }

    @Test
    void afterAdmissionStopsTasksStayWaitingUnstarted() {
        InFlightLimiter limiter = new InFlightLimiter(1);
        FairIntake intake = new FairIntake(limiter, 10, team -> 1, pauser);
        intake.offer(LANE_A, "a", "x", held("a-0"));
        intake.offer(LANE_A, "a", "x", held("a-1"));

        limiter.stopAdmitting();
        finish("a-0");

        assertThat(started).containsExactly("a-0");
        assertThat(intake.waiting()).isEqualTo(1);
    }

    @Test
    void workThatCompletesAtOnceStartsTheNextWithoutNesting() {
        InFlightLimiter limiter = new InFlightLimiter(1);
        FairIntake intake = new FairIntake(limiter, 1_000_000, team -> 1, pauser);
        Supplier<CompletableFuture<Void>> gate = () -> running.computeIfAbsent("gate", k -> new CompletableFuture<>());
        AtomicInteger ran = new AtomicInteger();
        intake.offer(LANE_A, "a", "x", gate::get);
        for (int i = 0; i < 100_000; i++) {
            intake.offer(LANE_A, "a", "x", () -> {
                ran.incrementAndGet();
                return CompletableFuture.completedFuture(null);
            });
        }

        // Each instant task releases its permit inside the start of the previous one: a recursive
        // start would overflow the stack long before 100,000.
        running.get("gate").complete(null);

        assertThat(ran).hasValue(100_000);
        assertThat(limiter.inFlight()).isZero();
    }

    @Test
    void neverExceedsTheLimitUnderConcurrentLoad() {
        int limit = 8;
        InFlightLimiter limiter = new InFlightLimiter(limit);
        FairIntake intake = new FairIntake(limiter, 16, team -> team.equals("t0") ? 2 : 1, pauser);
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
                intake.offer(new Source("tasks.fast." + team, random.nextInt(2)), team, "b" + random.nextInt(2), () -> {
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
    }

    @Test
    void refusesAReadAheadBelowOne() {
        assertThatThrownBy(() -> new FairIntake(new InFlightLimiter(1), 0, team -> 1, pauser))
                .isInstanceOf(IllegalArgumentException.class);
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
}
