package dev.taskfleet.producer.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.testkit.KafkaTestResource;
import dev.taskfleet.testkit.TaskBuilder;
import dev.taskfleet.testkit.TestBrokers;
import dev.taskfleet.testkit.TopicCollector;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bodies sent in chunks without a declared length, as a script piping a file would: the
 * producer must work on them as they arrive rather than after the whole body.
 */
@QuarkusTest
@TestProfile(SmallLimitsProfile.class)
@QuarkusTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPIC_PREFIX_ARG, value = BatchResourceTest.PREFIX))
class StreamingSubmissionTest {

    @TestHTTPResource(BatchResourceTest.PATH)
    URI batches;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private TopicCollector tasks;

    @BeforeEach
    void collect() {
        tasks = new TopicCollector(TestBrokers.shared().bootstrapServers(), BatchResourceTest.TASKS_TOPIC);
    }

    @AfterEach
    void stopCollecting() {
        tasks.close();
    }

    private static byte[] lines(String idPrefix, int from, int to) {
        StringBuilder body = new StringBuilder();
        IntStream.range(from, to).forEach(i -> body.append(
                TaskBuilder.task().id(idPrefix + i).prompt("Add a unit test for method m" + i).submissionJson()).append('\n'));
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    private CompletableFuture<HttpResponse<String>> postChunked(SubmissionPublisher<ByteBuffer> body) {
        HttpRequest request = HttpRequest.newBuilder(batches)
                .header("Content-Type", BatchResourceTest.NDJSON)
                .POST(HttpRequest.BodyPublishers.fromPublisher(body))
                .build();
        CompletableFuture<HttpResponse<String>> reply = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        // A SubmissionPublisher drops what is submitted before the client subscribes.
        await().atMost(Duration.ofSeconds(10)).until(() -> body.getNumberOfSubscribers() > 0);
        return reply;
    }

    private long published(String idPrefix) {
        return tasks.records().stream().filter(r -> r.key().startsWith(idPrefix)).count();
    }

    @Test
    void tasksArePublishedWhileTheBodyIsStillArriving() throws Exception {
        // The first part is larger than the 10 KiB Quarkus REST buffers before handing over a stream.
        byte[] first = lines("stream-", 0, 300);
        byte[] rest = lines("stream-", 300, 400);
        assertThat(first.length).isGreaterThan(10 * 1024);

        try (SubmissionPublisher<ByteBuffer> body = new SubmissionPublisher<>()) {
            CompletableFuture<HttpResponse<String>> reply = postChunked(body);
            body.submit(ByteBuffer.wrap(first));

            // Only possible if the body is read as a stream: the request is still open.
            await().atMost(Duration.ofSeconds(30)).until(() -> published("stream-") >= 250);
            assertThat(reply).isNotDone();

            body.submit(ByteBuffer.wrap(rest));
            body.close();
            HttpResponse<String> response = reply.get(30, TimeUnit.SECONDS);

            assertThat(response.statusCode()).isEqualTo(202);
            JsonPath json = JsonPath.from(response.body());
            assertThat(json.getInt("accepted")).isEqualTo(400);
            await().atMost(Duration.ofSeconds(30)).until(() -> published("stream-") >= 400);
            assertThat(published("stream-")).isEqualTo(400);
        }
    }

    @Test
    void anUndeclaredBodyOverTheLimitIsStoppedAtTheLimitAndSaysWhatWasPublished() throws Exception {
        byte[] oversized = lines("chunked-big-", 0, 1_000);
        assertThat(oversized.length).isGreaterThan(SmallLimitsProfile.MAX_BATCH_BYTES);

        HttpResponse<String> response;
        try (SubmissionPublisher<ByteBuffer> body = new SubmissionPublisher<>()) {
            CompletableFuture<HttpResponse<String>> reply = postChunked(body);
            for (int offset = 0; offset < oversized.length; offset += 4_096) {
                body.submit(ByteBuffer.wrap(oversized, offset, Math.min(4_096, oversized.length - offset)));
            }
            body.close();
            response = reply.get(30, TimeUnit.SECONDS);
        }

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonPath problem = JsonPath.from(response.body());
        assertThat(problem.getString("detail")).contains("limit of 65536 bytes (64 KiB)");
        long publishedBeforeLimit = problem.getLong("published");
        assertThat(publishedBeforeLimit).isPositive().isLessThan(1_000);
        assertThat(problem.getString("batchId")).isNotBlank();
        await().atMost(Duration.ofSeconds(30)).until(() -> published("chunked-big-") >= publishedBeforeLimit);
        assertThat(published("chunked-big-")).isEqualTo(publishedBeforeLimit);
        assertThat(List.of(problem.getString("limit"))).containsExactly("max-batch-bytes");
    }
}
