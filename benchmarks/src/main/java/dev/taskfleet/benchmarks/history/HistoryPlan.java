package dev.taskfleet.benchmarks.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Which batches a history holds, in the order they were accepted, from one seed: their ids, teams,
 * sizes and acceptance times. The sizes are a mix of many small batches, some medium ones and a
 * large one every {@link #LARGE_EVERY} batches:
 *
 * <ul>
 *   <li>small, 90%: 1 to 300 tasks, log-uniform (half of them 17 tasks or fewer);</li>
 *   <li>medium, 9%: 500 to 5,000 tasks, uniform;</li>
 *   <li>large, batch 50 and every 100th after it: 10,000 to 100,000 tasks, uniform.</li>
 * </ul>
 *
 * <p>A history of several sizes is one history that grows: a batch never straddles a size, so
 * the history of the smaller size is exactly the first batches of the larger one. The batches
 * are accepted evenly over the {@link #DAY} before {@code end}.
 */
public final class HistoryPlan {

    /** A large batch at this position and every this many batches after it (from {@link #FIRST_LARGE}). */
    static final int LARGE_EVERY = 100;
    static final int FIRST_LARGE = 50;
    static final Duration DAY = Duration.ofDays(1);
    /** The teams the batches belong to, the first ones more often. */
    static final List<String> TEAMS = List.of("payments", "search", "platform", "mobile", "data-eng", "infra",
            "web", "ml-research");

    /**
     * One batch of the history.
     *
     * @param index      its position, 0 = the oldest
     * @param batchId    a UUID, as the producer gives a batch
     * @param team       the submitting team
     * @param tasks      tasks in the batch
     * @param acceptedAt when its ACCEPTED event says it was accepted
     * @param seed       the seed of its tasks' outcomes and answers
     */
    public record PlannedBatch(int index, String batchId, String team, int tasks, Instant acceptedAt, long seed) {
    }

    private final List<PlannedBatch> batches;
    private final List<Integer> sizes;

    private HistoryPlan(List<PlannedBatch> batches, List<Integer> sizes) {
        this.batches = List.copyOf(batches);
        this.sizes = List.copyOf(sizes);
    }

    /**
     * @param sizes ascending history sizes in tasks; the plan holds the largest
     * @param end   when the newest batch is accepted
     */
    public static HistoryPlan of(List<Integer> sizes, long seed, Instant end) {
        Random random = new Random(seed);
        int total = sizes.get(sizes.size() - 1);
        List<int[]> drawn = new ArrayList<>();
        List<long[]> seeds = new ArrayList<>();
        List<String> teams = new ArrayList<>();
        int written = 0;
        int boundary = 0;
        while (written < total) {
            while (sizes.get(boundary) <= written) {
                boundary++;
            }
            int index = drawn.size();
            int size = Math.min(drawSize(random, index), sizes.get(boundary) - written);
            drawn.add(new int[] {size});
            teams.add(drawTeam(random));
            seeds.add(new long[] {random.nextLong(), random.nextLong(), random.nextLong()});
            written += size;
        }
        int count = drawn.size();
        Instant start = end.minus(DAY);
        List<PlannedBatch> batches = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long[] s = seeds.get(i);
            Instant acceptedAt = start.plusMillis(count == 1 ? DAY.toMillis() : DAY.toMillis() * i / (count - 1));
            batches.add(new PlannedBatch(i, new UUID(s[0], s[1]).toString(), teams.get(i), drawn.get(i)[0],
                    acceptedAt, s[2]));
        }
        return new HistoryPlan(batches, sizes);
    }

    private static int drawSize(Random random, int index) {
        if (index % LARGE_EVERY == FIRST_LARGE) {
            return 10_000 + random.nextInt(90_001);
        }
        double kind = random.nextDouble();
        if (kind < 0.09) {
            return 500 + random.nextInt(4_501);
        }
        return (int) Math.floor(Math.exp(random.nextDouble() * Math.log(301)));
    }

    /** Team i with weight 1/(i+1): the first team submits most. */
    private static String drawTeam(Random random) {
        double sum = 0;
        for (int i = 0; i < TEAMS.size(); i++) {
            sum += 1.0 / (i + 1);
        }
        double pick = random.nextDouble() * sum;
        for (int i = 0; i < TEAMS.size(); i++) {
            pick -= 1.0 / (i + 1);
            if (pick < 0) {
                return TEAMS.get(i);
            }
        }
        return TEAMS.get(TEAMS.size() - 1);
    }

    /** Every batch, oldest first. */
    public List<PlannedBatch> batches() {
        return batches;
    }

    /** The batches of the history of {@code size} tasks (one of the plan's sizes): the first ones. */
    public List<PlannedBatch> upTo(int size) {
        if (!sizes.contains(size)) {
            throw new IllegalArgumentException("not a size of this plan: " + size);
        }
        List<PlannedBatch> out = new ArrayList<>();
        long sum = 0;
        for (PlannedBatch batch : batches) {
            if (sum >= size) {
                break;
            }
            out.add(batch);
            sum += batch.tasks();
        }
        return out;
    }
}
