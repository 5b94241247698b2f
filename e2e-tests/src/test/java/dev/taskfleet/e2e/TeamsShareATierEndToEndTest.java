package dev.taskfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.api.BatchState;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.launcher.auth.LocalApiKey;
import dev.taskfleet.launcher.client.BatchClient;
import dev.taskfleet.launcher.client.SubmitResponse;
import dev.taskfleet.launcher.fleet.LocalFleetBuilder;
import dev.taskfleet.testkit.TaskBuilder;
import dev.taskfleet.testkit.modelserver.ScriptedModelServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two teams on one tier of the packaged fleet, with lanes on (each team's tasks on inbox lanes of its
 * own for the router, and on lanes of its own of the tier): a small batch submitted while another
 * team's large batch fills every call the tier's worker may have in flight finishes long before the
 * large one, instead of waiting behind it in the tier topic's partitions. The small team's inbox
 * lane is new when it submits, so the router reads it only from its next metadata refresh (5 s).
 *
 * <p>The model holds every call of the large batch until the test lets the held ones through, a
 * round at a time, so the large batch progresses only as fast as the test says and the small batch
 * is submitted while the tier is full by construction. The rounds start only once the worker reads
 * the small team's lane (created by the router on first use, found at the worker's next metadata
 * refresh), so how fast that happens does not decide the outcome. What the worker fetched of the
 * large batch before it found the lane (up to 256 KiB a partition) waits in the consumer's buffer
 * while the fair intake pauses those partitions, not in front of the small batch. Without lanes
 * its tasks sit behind a sixth of the large batch in each of six partitions and finish with it.
 */
class TeamsShareATierEndToEndTest {

    private static final String PREFIX = "e2e-teams";
    private static final TopicNames TOPICS = new TopicNames(PREFIX);
    private static final String SMALL_TEAM = "small-team";
    private static final String SMALL_TEAM_KEY = "small-team-key-0f1e2d3c4b5a6978";
    private static final String BULK_PROMPT = "Rewrite this module in bulk, part ";
    private static final String SMALL_PROMPT = "Rename one method, task ";
    private static final int IN_FLIGHT = 8;
    /**
     * Without lanes the small batch would wait behind a sixth of this in each of six partitions:
     * far more than the quarter of it the test allows to be answered first.
     */
    private static final int LARGE = 2_000;
    private static final int SMALL = 5;
    /** A lane found (metadata refresh, a rebalance) or a round answered, on a loaded machine. */
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private static final ScriptedModelServer model = ScriptedModelServer.start();

    @RegisterExtension
    static final RunningFleet running = new RunningFleet(PREFIX, TeamsShareATierEndToEndTest::twoTeamsOneTier);

    private static LocalFleetBuilder twoTeamsOneTier() throws IOException {
        return PackagedFleet.gatedSingleTier("fleet-teams", PREFIX, model)
                .producerEnvironment(LocalApiKey.PRODUCER_ENV, PackagedFleet.TEAM + ":"
                        + LocalApiKey.sha256Hex(PackagedFleet.API_KEY) + "," + SMALL_TEAM + ":"
                        + LocalApiKey.sha256Hex(SMALL_TEAM_KEY))
                .serviceProperty("taskfleet.router.lanes.enabled", "true")
                .serviceProperty("taskfleet.producer.lanes.enabled", "true")
                .serviceProperty("taskfleet.worker.max-in-flight", String.valueOf(IN_FLIGHT));
    }

    @AfterAll
    static void stopTheModel() {
        model.close();
    }

    @Test
    void aSmallBatchOfAnotherTeamFinishesWhileALargeOneFillsTheTier() throws Exception {
        model.holdWhere(request -> request.body().contains(BULK_PROMPT));
        BatchClient bulkTeam = PackagedFleet.client(running.fleet());
        BatchClient smallTeam = new BatchClient(running.fleet().producerUrl(), SMALL_TEAM_KEY);

        String large = submit(bulkTeam, "bulk", LARGE, BULK_PROMPT);
        await().atMost(PATIENCE).until(() -> model.heldRequests() == IN_FLIGHT);
        String small = submit(smallTeam, "small", SMALL, SMALL_PROMPT);
        try (GroupMembers laneReaders = GroupMembers.ofTier("fast", TOPICS.lane("fast", SMALL_TEAM))) {
            await().atMost(PATIENCE).until(() -> laneReaders.count() >= 1);
        }
        assertThat(bulkTeam.status(large).finished()).as("the large batch held until now").isZero();

        // A round at a time until the model has seen every small task; the large batch's held calls
        // then stay held, so its progress is exactly the rounds let through, whatever the status lags.
        int rounds = 0;
        while (smallTasksCalled() < SMALL) {
            assertThat(rounds).as("rounds of the large batch let through").isLessThan(LARGE / IN_FLIGHT);
            await().atMost(PATIENCE).until(() -> model.heldRequests() == IN_FLIGHT || smallTasksCalled() == SMALL);
            if (smallTasksCalled() == SMALL) {
                break;
            }
            model.releaseHeld();
            rounds++;
        }
        await().atMost(PATIENCE).until(() -> smallTeam.status(small).state() == BatchState.COMPLETED);

        assertThat(smallTeam.status(small).succeeded()).isEqualTo(SMALL);
        assertThat(rounds * IN_FLIGHT)
                .as("the large batch's calls answered before the small batch was all called (%d rounds)", rounds)
                .isLessThan(LARGE / 4);
        model.release();
    }

    /** Tasks of the small batch the model has been asked to answer (each answered at once), each counted once. */
    private static long smallTasksCalled() {
        List<String> bodies = model.requests().stream().map(request -> request.body()).toList();
        return IntStream.range(0, SMALL)
                .filter(i -> bodies.stream().anyMatch(body -> body.contains(SMALL_PROMPT + i)))
                .count();
    }

    private static String submit(BatchClient client, String idPrefix, int count, String prompt) {
        String body = IntStream.range(0, count)
                .mapToObj(i -> TaskBuilder.task().id(idPrefix + "-" + i).type("refactor").prompt(prompt + i)
                        .submissionJson())
                .collect(Collectors.joining("\n", "", "\n"));
        SubmitResponse response = client.submitJsonl(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        assertThat(response.accepted()).as("accepted of %s", idPrefix).isEqualTo(count);
        return response.batchId();
    }
}
