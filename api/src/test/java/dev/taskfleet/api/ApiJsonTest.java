package dev.taskfleet.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiJsonTest {

    private final ObjectMapper json = ApiJson.mapper();

    private static BatchStatus status(BatchState state) {
        return new BatchStatus("b1", "team-a", state, Instant.parse("2026-03-01T10:00:00Z"), 1, 10, 4, 6, 3, 1, 0, 0,
                Map.of("fast", new TierCounts(3, 1, 0, 4, 9, 0, 2, 0, 0, 7, 2.0, 2L)), 1200, 300, 0.0125, Instant.parse("2026-03-01T10:00:01Z"),
                Instant.parse("2026-03-01T10:00:03Z"), 2.0, 3L, 0, null, Map.of("standard", 10L), null, null);
    }

    @Test
    void aStatusReadsBackEqualWithInstantsAsText() throws Exception {
        BatchStatus status = status(BatchState.RUNNING);

        String text = json.writeValueAsString(status);

        assertThat(text).contains("\"acceptedAt\":\"2026-03-01T10:00:00Z\"", "\"state\":\"RUNNING\"")
                .doesNotContain("settled");
        assertThat(json.readValue(text, BatchStatus.class)).isEqualTo(status);
    }

    @Test
    void aStatusListsItsTasksPerPriorityClassInTheProducersOrderAndAnOlderProducersHasNone() throws Exception {
        Map<String, Long> mixed = new LinkedHashMap<>();
        mixed.put("interactive", 2L);
        mixed.put("bulk", 8L);
        BatchStatus base = status(BatchState.RUNNING);
        BatchStatus status = new BatchStatus(base.batchId(), base.team(), base.state(), base.acceptedAt(), base.run(),
                base.total(), base.finished(), base.queued(), base.succeeded(), base.failed(), base.cancelled(),
                base.budgetExceeded(), base.tiers(), base.inputTokens(), base.outputTokens(), base.costUsd(),
                base.firstResultAt(), base.lastResultAt(), base.throughputPerSecond(), base.etaSeconds(),
                base.duplicatesDropped(), base.waitingAtProvider(), mixed, base.routerQueue(), base.aheadOnTiers());

        String text = json.writeValueAsString(status);

        assertThat(text).contains("\"priorities\":{\"interactive\":2,\"bulk\":8}");
        assertThat(json.readValue(text, BatchStatus.class).priorities()).containsExactly(
                Map.entry("interactive", 2L), Map.entry("bulk", 8L));
        String older = text.replace(",\"priorities\":{\"interactive\":2,\"bulk\":8}", "");
        assertThat(older).doesNotContain("priorities");
        assertThat(json.readValue(older, BatchStatus.class).priorities()).isEmpty();
    }

    @Test
    void aStatusSaysWhereItStandsInTheRoutersAndTheTiersQueuesAndAnOlderProducersReadsAsNothingWaiting()
            throws Exception {
        Map<String, Long> tiers = new LinkedHashMap<>();
        tiers.put("fast", 300L);
        tiers.put("quality", 0L);
        BatchStatus status = status(BatchState.RUNNING).withQueues(new RouterQueue(6, 74_000), tiers);

        String text = json.writeValueAsString(status);

        assertThat(text).contains("\"routerQueue\":{\"notRouted\":6,\"ahead\":74000}")
                .contains("\"aheadOnTiers\":{\"fast\":300,\"quality\":0}");
        assertThat(json.readValue(text, BatchStatus.class)).isEqualTo(status);
        String older = text.replace(",\"routerQueue\":{\"notRouted\":6,\"ahead\":74000}", "")
                .replace(",\"aheadOnTiers\":{\"fast\":300,\"quality\":0}", "");
        assertThat(older).doesNotContain("routerQueue").doesNotContain("aheadOnTiers");
        BatchStatus read = json.readValue(older, BatchStatus.class);
        assertThat(read.routerQueue()).isEqualTo(RouterQueue.NONE);
        assertThat(read.aheadOnTiers()).isEmpty();
    }

    @Test
    void aNewerProducersFieldsAndStatesDoNotStopAnOlderClient() throws Exception {
        String newer = json.writeValueAsString(status(BatchState.RUNNING))
                .replace("\"state\":\"RUNNING\"", "\"state\":\"PAUSED\",\"priority\":\"high\"");

        BatchStatus read = json.readValue(newer, BatchStatus.class);

        assertThat(read.state()).isNull();
        assertThat(read.isSettled()).as("an unknown state is not taken for the end").isFalse();
        assertThat(read.finished()).isEqualTo(4);
    }

    @Test
    void aTierFromAProducerWithoutPerTierTotalsReadsAsZerosAndAnUnknownEta() throws Exception {
        TierCounts older = json.readValue("{\"succeeded\":3,\"failed\":1,\"cancelled\":0}", TierCounts.class);

        assertThat(older).isEqualTo(new TierCounts(3, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, null));
        assertThat(json.writeValueAsString(status(BatchState.RUNNING))).contains("\"fast\":{\"succeeded\":3,"
                + "\"failed\":1,\"cancelled\":0,\"finished\":4,\"routed\":9,\"escalatedIn\":0,\"escalatedOut\":2,"
                + "\"escalationsRefused\":0,\"retried\":0,\"total\":7,\"throughputPerSecond\":2.0,\"etaSeconds\":2}");
    }

    @Test
    void aProblemCarriesOnlyTheExtensionsThatApply() throws Exception {
        Problem notFound = Problem.of(Problem.TYPE_PREFIX + "batch-not-found", "Batch not found", 404, "no batch b1")
                .withBatch("b1", null);

        assertThat(json.writeValueAsString(notFound)).isEqualTo("{\"type\":\"urn:taskfleet:problem:batch-not-found\","
                + "\"title\":\"Batch not found\",\"status\":404,\"detail\":\"no batch b1\",\"batchId\":\"b1\"}");
        assertThat(json.writeValueAsString(Problem.of(Problem.BLANK_TYPE, "Bad Gateway", 502, null)))
                .isEqualTo("{\"type\":\"about:blank\",\"title\":\"Bad Gateway\",\"status\":502,\"detail\":null}");
    }

    @Test
    void aRejectionOfAnNdjsonLineHasNoIndex() throws Exception {
        Problem invalid = Problem.of(Problem.TYPE_PREFIX + "no-valid-tasks", "No valid tasks", 400, "none valid")
                .withRejections(new BatchReceipt("b1", 0, 1, List.of(new RejectedTask(3, null, null, "json", "not JSON"))));

        String text = json.writeValueAsString(invalid);

        assertThat(text).contains("\"rejected\":[{\"line\":3,\"field\":\"json\",\"error\":\"not JSON\"}]");
        assertThat(json.readValue(text, Problem.class)).isEqualTo(invalid);
    }

    @Test
    void anOperationsPathCarriesTheEncodedBatchId() {
        assertThat(BatchApi.CANCEL.pathOf("a/b")).isEqualTo("/api/v1/batches/a%2Fb/cancel");
        assertThat(BatchApi.OPERATIONS).extracting(ApiOperation::path).allMatch(p -> p.startsWith("/api/v1/"));
    }
}
