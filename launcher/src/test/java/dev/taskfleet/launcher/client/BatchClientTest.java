package dev.taskfleet.launcher.client;

import static dev.taskfleet.launcher.client.Statuses.counts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.api.BatchApi;
import dev.taskfleet.api.BatchPage;
import dev.taskfleet.api.BatchReceipt;
import dev.taskfleet.api.BatchState;
import dev.taskfleet.api.BatchStatus;
import dev.taskfleet.api.CancelReceipt;
import dev.taskfleet.api.Problem;
import dev.taskfleet.api.RejectedTask;
import dev.taskfleet.api.RetryReceipt;
import dev.taskfleet.api.TierCounts;
import dev.taskfleet.launcher.client.FakeProducer.Reply;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Against {@link FakeProducer}, a scripted stand-in for the producer's API v1. */
class BatchClientTest {

    private static final String KEY = "k-123";

    private final FakeProducer producer = newProducer();
    private final BatchClient client = new BatchClient(producer.url(), KEY);

    private static FakeProducer newProducer() {
        try {
            return new FakeProducer().requireKey(KEY);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() {
        producer.close();
    }

    @Test
    void submitsNdjsonWithTheBearerKeyAndReadsTheReceipt() {
        producer.on("POST /api/v1/batches", Reply.json(202, "{\"batchId\":\"b-42\",\"accepted\":2,\"rejectedCount\":1,"
                + "\"rejected\":[{\"line\":3,\"id\":\"t3\",\"field\":\"prompt\",\"error\":\"prompt: is required\"}]}"));

        SubmitResponse response = client.submitJsonl(new ByteArrayInputStream("{\"a\":1}\n{\"b\":2}\n".getBytes()));

        FakeProducer.Request request = producer.requests().get(0);
        assertThat(request.authorization()).isEqualTo("Bearer " + KEY);
        assertThat(request.contentType()).isEqualTo("application/x-ndjson");
        assertThat(request.body()).isEqualTo("{\"a\":1}\n{\"b\":2}\n");
        assertThat(response).isEqualTo(new SubmitResponse(202, new BatchReceipt("b-42", 2, 1,
                List.of(new RejectedTask(3, null, "t3", "prompt", "prompt: is required"))), null));
        assertThat(response.isAccepted()).isTrue();
    }

    @Test
    void readsTheProblemOfARefusedSubmissionAndTheErrorOfEachRejection(@TempDir Path dir) throws Exception {
        producer.on("POST /api/v1/batches", Reply.json(400, "{\"type\":\"about:blank\",\"title\":\"No valid tasks\","
                + "\"status\":400,\"detail\":\"none of the tasks in the batch is valid\",\"rejectedCount\":1,"
                + "\"rejected\":[{\"line\":1,\"field\":\"type\",\"error\":\"type: is required\"}]}"));
        Path file = Files.writeString(dir.resolve("batch.jsonl"), "{}\n");

        SubmitResponse response = client.submitJsonl(file);

        assertThat(producer.requests().get(0).body()).isEqualTo("{}\n");
        assertThat(response.isAccepted()).isFalse();
        assertThat(response.problem()).extracting(Problem::type, Problem::title, Problem::status, Problem::detail)
                .containsExactly("about:blank", "No valid tasks", 400, "none of the tasks in the batch is valid");
        assertThat(response.problemDetail()).isEqualTo("none of the tasks in the batch is valid");
        assertThat(response.rejectedCount()).isEqualTo(1);
        assertThat(response.rejected()).containsExactly(new RejectedTask(1, null, null, "type", "type: is required"));
    }

    @Test
    void aFreshClientsUploadAsksForNoProtocolUpgradeWhichWouldHaveItsBodyReadWholeFirst() {
        producer.on("POST /api/v1/batches", Reply.json(202, "{\"batchId\":\"b-1\",\"accepted\":1}"));

        client.submitJsonl(new ByteArrayInputStream("{\"a\":1}\n".getBytes(StandardCharsets.UTF_8)));

        assertThat(producer.requests()).as("the client's first request, on a new connection").hasSize(1)
                .allSatisfy(request -> assertThat(request.upgrade()).as("its Upgrade header").isNull());
    }

    @Test
    @Timeout(60)
    void aSubmissionIsStreamedTheServerReadsItsFirstLinesWhileTheRestIsStillHeld() throws Exception {
        producer.on("POST /api/v1/batches", Reply.json(202, "{\"batchId\":\"b-1\",\"accepted\":3}"));
        // A pipe, as from 'taskfleet submit -': a read returns what has been written, and blocks only
        // while nothing has; this thread writes, and holds the last line back. Closing the writing
        // end ends the body; the reading end stays open for the client, which reads it to its end.
        PipedInputStream body = new PipedInputStream();
        CompletableFuture<SubmitResponse> upload;
        try (PipedOutputStream held = new PipedOutputStream(body)) {
            upload = CompletableFuture.supplyAsync(() -> client.submitJsonl(body));
            held.write("{\"a\":1}\n{\"b\":2}\n".getBytes(StandardCharsets.UTF_8));

            await().atMost(Duration.ofSeconds(20)).until(() -> producer.linesReceived().size() == 2);
            assertThat(upload).as("the upload while its last line is held").isNotDone();
            assertThat(producer.linesReceived()).containsExactly("{\"a\":1}", "{\"b\":2}");

            held.write("{\"c\":3}\n".getBytes(StandardCharsets.UTF_8));
        }

        assertThat(upload.get(20, TimeUnit.SECONDS).isAccepted()).isTrue();
        assertThat(producer.requests()).extracting(FakeProducer.Request::body)
                .containsExactly("{\"a\":1}\n{\"b\":2}\n{\"c\":3}\n");
    }

    @Test
    void aSubmissionHasNoRequestTimeoutBecauseTheProducerAnswersOnlyAfterEveryAck() {
        HttpRequest request = new ApiTransport(producer.url(), KEY)
                .uploadRequest(BatchApi.SUBMIT, "", HttpRequest.BodyPublishers.ofString("{}\n"), BatchApi.NDJSON);

        assertThat(request.timeout()).isEmpty();
    }

    @Test
    @Timeout(30)
    void aSubmissionThatBreaksOffAfterTheUploadStartedSaysTheBatchMayHaveBeenAccepted() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            CompletableFuture<Void> hangUp = CompletableFuture.runAsync(() -> hangUpAfterTheFirstBodyByte(server));
            BatchClient breaking = new BatchClient(URI.create("http://localhost:" + server.getLocalPort()), KEY);

            assertThatThrownBy(() -> breaking.submitJsonl(new ByteArrayInputStream("{\"a\":1}\n".getBytes())))
                    .isInstanceOf(ServerUnreachableException.class)
                    .hasMessageContaining("the batch may have been accepted: check 'taskfleet list' before resubmitting");
            hangUp.join();
        }
    }

    /** Reads a request's headers and the first byte of its body, then closes the connection. */
    private static void hangUpAfterTheFirstBodyByte(ServerSocket server) {
        try (Socket socket = server.accept()) {
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (head.indexOf("\r\n\r\n") < 0) {
                int next = in.read();
                if (next < 0) {
                    throw new IllegalStateException("the client closed before its body: " + head);
                }
                head.append((char) next);
            }
            assertThat(in.read()).as("a first body byte").isNotNegative();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aSubmissionThatNeverConnectedDoesNotSuggestItMayHaveBeenAccepted() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        BatchClient nowhere = new BatchClient(URI.create("http://localhost:" + port), KEY);

        assertThatThrownBy(() -> nowhere.submitJsonl(new ByteArrayInputStream("{}\n".getBytes())))
                .isInstanceOf(ServerUnreachableException.class)
                .hasMessageStartingWith("cannot reach the producer at http://localhost:" + port + "/")
                .hasMessageNotContaining("accepted");
    }

    @Test
    void callsResolveBelowThePathOfTheBaseUrl() {
        producer.on("POST /taskfleet/api/v1/batches", Reply.json(202, "{\"batchId\":\"b1\",\"accepted\":1}"));
        producer.on("GET /taskfleet/api/v1/batches", Reply.json(200, "{\"batches\":[],\"nextCursor\":null}"));
        producer.on("GET /taskfleet/api/v1/batches/b1", Reply.json(200,
                Statuses.json("b1", "COMPLETED", 1, counts(1, 0, 0), counts(0, 0, 0))));

        for (String base : List.of("/taskfleet", "/taskfleet/")) {
            BatchClient behindAPath = new BatchClient(producer.url().resolve(base), KEY);
            assertThat(behindAPath.submitJsonl(new ByteArrayInputStream("{}\n".getBytes())).isAccepted()).isTrue();
            assertThat(behindAPath.list(5, null).batches()).isEmpty();
            assertThat(behindAPath.status("b1").state()).isEqualTo(BatchState.COMPLETED);
        }

        assertThat(producer.requests()).extracting(FakeProducer.Request::path).containsExactly(
                "/taskfleet/api/v1/batches", "/taskfleet/api/v1/batches", "/taskfleet/api/v1/batches/b1",
                "/taskfleet/api/v1/batches", "/taskfleet/api/v1/batches", "/taskfleet/api/v1/batches/b1");
    }

    @Test
    void readsAStatusIgnoringFieldsItDoesNotKnow() {
        producer.on("GET /api/v1/batches/b1", Reply.json(200,
                Statuses.json("b1", "RUNNING", 10, counts(3, 1, 0), counts(2, 0, 0))));

        BatchStatus status = client.status("b1");

        assertThat(status.batchId()).isEqualTo("b1");
        assertThat(status.finished()).isEqualTo(6);
        assertThat(status.queued()).isEqualTo(4);
        assertThat(status.tiers()).containsOnlyKeys("fast", "quality");
        assertThat(status.tiers().get("fast")).extracting(TierCounts::succeeded, TierCounts::failed,
                TierCounts::cancelled, TierCounts::total, TierCounts::etaSeconds)
                .as("a producer older than per-tier totals sends none").containsExactly(3L, 1L, 0L, 0L, null);
        assertThat(status.etaSeconds()).isEqualTo(4L);
        assertThat(status.isSettled()).isFalse();
    }

    @Test
    void readsEachTiersTotalAndEta() {
        producer.on("GET /api/v1/batches/b1", Reply.json(200, Statuses.withTierTotals("b1", "RUNNING", 10,
                Statuses.tier(3, 1, 0, 7, 2), Statuses.tier(2, 0, 0, 3, -1))));

        BatchStatus status = client.status("b1");

        assertThat(status.tiers().get("fast")).extracting(TierCounts::finished, TierCounts::routed, TierCounts::total,
                TierCounts::etaSeconds).containsExactly(4L, 7L, 7L, 2L);
        assertThat(status.tiers().get("quality").etaSeconds()).isNull();
    }

    @Test
    void readsAStateItDoesNotKnowAsNoStateRatherThanFailing() {
        producer.on("GET /api/v1/batches/b1", Reply.json(200,
                Statuses.json("b1", "PAUSED", 10, counts(3, 1, 0), counts(2, 0, 0))));

        BatchStatus status = client.status("b1");

        assertThat(status.state()).isNull();
        assertThat(status.isSettled()).isFalse();
        assertThat(status.finished()).isEqualTo(6);
    }

    @Test
    void anErrorAnswerBecomesOneLineWithStatusTitleAndDetail() {
        producer.on("GET /api/v1/batches/nope", Reply.problem(404, "Not Found", "no batch nope"));

        assertThatThrownBy(() -> client.status("nope")).isInstanceOf(ApiException.class)
                .hasMessage("404 Not Found: no batch nope");
        assertThatThrownBy(() -> new BatchClient(producer.url(), "wrong").status("nope"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.isAuthentication()).isTrue())
                .hasMessage("401 Unauthorized: missing or unknown API key");
    }

    @Test
    void aBodyThatIsNotAProblemBecomesTheDetail() {
        assertThat(ApiTransport.problem(502, "Bad Gateway from the proxy")).isEqualTo(
                Problem.of("about:blank", "Bad Gateway", 502, "Bad Gateway from the proxy"));
        assertThat(ApiTransport.problem(500, "").detail()).isNull();
        assertThat(ApiTransport.problem(500, "{\"error\":\"boom\"}").detail()).isEqualTo("{\"error\":\"boom\"}");
    }

    @Test
    void aServerThatIsNotThereIsUnreachable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        BatchClient nowhere = new BatchClient(URI.create("http://localhost:" + port), KEY);

        assertThatThrownBy(() -> nowhere.status("b1")).isInstanceOf(ServerUnreachableException.class)
                .hasMessageContaining("cannot reach the producer at http://localhost:" + port);
    }

    @Test
    void listsPagesWithLimitAndCursor() {
        producer.on("GET /api/v1/batches", Reply.json(200, "{\"batches\":["
                + Statuses.json("b2", "COMPLETED", 1, counts(1, 0, 0), counts(0, 0, 0)) + "],\"nextCursor\":\"c2\"}"));

        BatchPage page = client.list(1, "c1");

        assertThat(page.batches()).extracting(BatchStatus::batchId).containsExactly("b2");
        assertThat(page.nextCursor()).isEqualTo("c2");
        assertThat(producer.requests().get(0).query()).isEqualTo("limit=1&cursor=c1");
    }

    @Test
    void streamsResultLinesWithTheStatusFilter() {
        producer.on("GET /api/v1/batches/b1/results", Reply.ndjson(
                Statuses.result("b1", "t1", "fast", "FAILED", 100, 0), Statuses.result("b1", "t2", "fast", "FAILED", 100, 0)));
        List<String> lines = new ArrayList<>();

        long count = client.results("b1", "failed", lines::add);

        assertThat(count).isEqualTo(2);
        assertThat(lines).hasSize(2).allSatisfy(line -> assertThat(line).contains("\"status\":\"FAILED\""));
        assertThat(producer.requests().get(0).query()).isEqualTo("status=failed");
    }

    @Test
    void readsProgressEventsUntilDone() {
        String running = Statuses.json("b1", "RUNNING", 2, counts(1, 0, 0), counts(0, 0, 0));
        producer.on("GET /api/v1/batches/b1/events", Reply.events(
                ": a comment\n\n",
                "event: progress\ndata: " + running + "\n\n",
                "event: done\ndata: {}\n\n"));
        List<BatchStatus> seen = new ArrayList<>();

        boolean done = client.events("b1", seen::add);

        assertThat(done).isTrue();
        assertThat(seen).extracting(BatchStatus::finished).containsExactly(1L);
        assertThat(producer.requests().get(0).authorization()).isEqualTo("Bearer " + KEY);
    }

    @Test
    void theFeedFollowsTheStreamAndReadsTheFinalStatus() {
        producer.on("GET /api/v1/batches/b1/events", Reply.events(
                "event: progress\ndata: " + Statuses.json("b1", "RUNNING", 2, counts(1, 0, 0), counts(0, 0, 0)) + "\n\n",
                "event: done\ndata: {}\n\n"));
        producer.on("GET /api/v1/batches/b1", Reply.json(200,
                Statuses.json("b1", "COMPLETED", 2, counts(1, 0, 0), counts(1, 0, 0))));
        List<BatchStatus> seen = new ArrayList<>();

        BatchStatus last = new StatusFeed(client, Duration.ofMillis(10)).follow("b1", seen::add);

        assertThat(last.state()).isEqualTo(BatchState.COMPLETED);
        assertThat(seen).extracting(BatchStatus::finished).containsExactly(1L, 2L);
    }

    @Test
    void theFeedPollsTheStatusWhenTheStreamFails() {
        producer.on("GET /api/v1/batches/b1/events", Reply.problem(500, "Internal Server Error", "boom"));
        producer.on("GET /api/v1/batches/b1",
                Reply.json(200, Statuses.json("b1", "RUNNING", 2, counts(0, 0, 0), counts(0, 0, 0))),
                Reply.json(200, Statuses.json("b1", "RUNNING", 2, counts(1, 0, 0), counts(0, 0, 0))),
                Reply.json(200, Statuses.json("b1", "COMPLETED", 2, counts(1, 1, 0), counts(0, 0, 0))));
        List<BatchStatus> seen = new ArrayList<>();

        BatchStatus last = new StatusFeed(client, Duration.ofMillis(10)).follow("b1", seen::add);

        assertThat(seen).extracting(BatchStatus::finished).containsExactly(0L, 1L, 2L);
        assertThat(last.failed()).isEqualTo(1);
    }

    @Test
    void theFeedFollowsACancelledBatchUntilItsLastTaskHasItsResult() {
        producer.on("GET /api/v1/batches/b1/events", Reply.problem(500, "Internal Server Error", "boom"));
        producer.on("GET /api/v1/batches/b1",
                Reply.json(200, Statuses.json("b1", "CANCELLED", 3, counts(1, 0, 0), counts(0, 0, 0))),
                Reply.json(200, Statuses.json("b1", "CANCELLED", 3, counts(2, 0, 1), counts(0, 0, 0))));
        List<BatchStatus> seen = new ArrayList<>();

        BatchStatus last = new StatusFeed(client, Duration.ofMillis(10)).follow("b1", seen::add);

        assertThat(seen).extracting(BatchStatus::finished).as("the call in flight and the cancelled task end first")
                .containsExactly(1L, 3L);
        assertThat(last.cancelled()).isEqualTo(1);
        assertThat(last.isSettled()).isTrue();
    }

    @Test
    void theFeedDoesNotFallBackWhenTheKeyIsRefused() {
        BatchClient wrongKey = new BatchClient(producer.url(), "wrong");

        assertThatThrownBy(() -> new StatusFeed(wrongKey, Duration.ofMillis(10)).follow("b1", status -> { }))
                .isInstanceOf(ApiException.class).hasMessageStartingWith("401 Unauthorized");
        assertThat(producer.requests()).hasSize(1);
    }

    @Test
    void retriesWithATierAndCancels() {
        producer.on("POST /api/v1/batches/b1/retry", Reply.json(202, "{\"batchId\":\"b1\",\"run\":2,\"resubmitted\":3}"));
        producer.on("POST /api/v1/batches/b1/cancel", Reply.json(202, "{\"batchId\":\"b1\",\"state\":\"CANCELLED\"}"));

        assertThat(client.retry("b1", "quality")).isEqualTo(new RetryReceipt("b1", 2, 3));
        assertThat(client.retry("b1", null)).isEqualTo(new RetryReceipt("b1", 2, 3));
        assertThat(client.cancel("b1")).isEqualTo(new CancelReceipt("b1", BatchState.CANCELLED));
        assertThat(producer.requests("POST", "/api/v1/batches/b1/retry")).extracting(FakeProducer.Request::body)
                .containsExactly("{\"tier\":\"quality\"}", "{}");
    }

    @Test
    void sendsNoAuthorizationWithoutAKey() {
        producer.requireKey(null);
        producer.on("GET /api/v1/batches/b1", Reply.json(200,
                Statuses.json("b1", "COMPLETED", 1, counts(1, 0, 0), counts(0, 0, 0))));

        new BatchClient(producer.url()).status("b1");

        assertThat(producer.requests().get(0).authorization()).isNull();
    }
}
