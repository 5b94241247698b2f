package dev.taskfleet.launcher.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against an in-test HTTP server standing in for the producer. */
class BatchClientTest {

    private HttpServer server;
    private final AtomicReference<String> contentType = new AtomicReference<>();
    private final AtomicReference<String> body = new AtomicReference<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private BatchClient answering(int status, String mediaType, String answer) throws Exception {
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/api/v1/batches", exchange -> {
            contentType.set(exchange.getRequestHeaders().getFirst("Content-Type"));
            body.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", mediaType);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return new BatchClient(URI.create("http://localhost:" + server.getAddress().getPort()));
    }

    @Test
    void postsNdjsonAndReadsTheAcceptedBatch() throws Exception {
        BatchClient client = answering(202, "application/json",
                "{\"batchId\":\"b-42\",\"accepted\":2,\"rejected\":[{\"line\":3,\"error\":\"prompt: is required\"}]}");

        SubmitResponse response = client.submitJsonl(new ByteArrayInputStream("{\"a\":1}\n{\"b\":2}\n".getBytes()));

        assertThat(contentType.get()).isEqualTo("application/x-ndjson");
        assertThat(body.get()).isEqualTo("{\"a\":1}\n{\"b\":2}\n");
        assertThat(response).isEqualTo(new SubmitResponse(202, "b-42", 2,
                java.util.List.of(new Rejection(3, "prompt: is required")), null));
        assertThat(response.isAccepted()).isTrue();
    }

    @Test
    void readsTheProblemDetailOfARefusal(@TempDir Path dir) throws Exception {
        BatchClient client = answering(413, "application/problem+json",
                "{\"type\":\"about:blank\",\"title\":\"Payload Too Large\",\"status\":413,"
                        + "\"detail\":\"batch has 20001 lines; the limit is 10000\"}");
        Path file = Files.writeString(dir.resolve("batch.jsonl"), "{}\n");

        SubmitResponse response = client.submitJsonl(file);

        assertThat(body.get()).isEqualTo("{}\n");
        assertThat(response.isAccepted()).isFalse();
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.batchId()).isNull();
        assertThat(response.rejected()).isEmpty();
        assertThat(response.problemDetail()).isEqualTo("batch has 20001 lines; the limit is 10000");
    }

    @Test
    void keepsABodyThatIsNotJsonAsTheDetail() {
        SubmitResponse response = BatchClient.parse(502, "Bad Gateway");

        assertThat(response.problemDetail()).isEqualTo("Bad Gateway");
        assertThat(BatchClient.parse(500, "").problemDetail()).isNull();
    }
}
