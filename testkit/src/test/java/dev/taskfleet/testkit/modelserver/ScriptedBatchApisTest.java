package dev.taskfleet.testkit.modelserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scripted batch APIs and the Messages API over real HTTP, with the JDK's own client and the APIs' own shapes. */
class ScriptedBatchApisTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ScriptedModelServer server = ScriptedModelServer.start();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonNode send(String method, String path, String contentType, String body) throws IOException,
            InterruptedException {
        HttpResponse<String> response = raw(method, path, contentType, body);
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> raw(String method, String path, String contentType, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : server.url(path)));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String upload(String jsonl) throws Exception {
        String boundary = "b0undary";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"in.jsonl\"\r\n\r\n" + jsonl + "\r\n--"
                + boundary + "--\r\n";
        return send("POST", "/v1/files", "multipart/form-data; boundary=" + boundary, body).path("id").asText();
    }

    private static String line(String customId, String prompt) {
        return "{\"custom_id\":\"" + customId + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":"
                + "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}}\n";
    }

    @Test
    void anOpenAiBatchGoesThroughEveryStatusAndSplitsItsOutcomesIntoOutputAndErrorFiles() throws Exception {
        OpenAiBatches batches = OpenAiBatches.on(server);
        batches.whenPromptContains("broken", BatchAnswer.error(500, "The server had an error"))
                .whenPromptContains("late", BatchAnswer.expired());
        String file = upload(line("a", "fine") + line("b", "broken") + line("c", "late"));

        JsonNode created = send("POST", "/v1/batches", "application/json", "{\"input_file_id\":\"" + file
                + "\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\",\"metadata\":{\"k\":\"v\"}}");
        String id = created.path("id").asText();
        List<String> statuses = new ArrayList<>(List.of(created.path("status").asText()));
        JsonNode batch = created;
        while (!List.of("completed", "expired").contains(batch.path("status").asText())) {
            batch = send("GET", "/v1/batches/" + id, null, null);
            statuses.add(batch.path("status").asText());
        }

        assertThat(statuses).containsExactly("validating", "in_progress", "finalizing", "expired");
        assertThat(batch.path("metadata").path("k").asText()).isEqualTo("v");
        assertThat(batch.path("request_counts").path("total").asInt()).isEqualTo(3);
        String output = raw("GET", "/v1/files/" + batch.path("output_file_id").asText() + "/content", null, null).body();
        String errors = raw("GET", "/v1/files/" + batch.path("error_file_id").asText() + "/content", null, null).body();
        JsonNode answered = JSON.readTree(output.strip());
        assertThat(answered.path("custom_id").asText()).isEqualTo("a");
        assertThat(answered.path("response").path("status_code").asInt()).isEqualTo(200);
        assertThat(answered.path("response").path("body").path("choices").path(0).path("message").path("content")
                .asText()).isEqualTo("done");
        assertThat(errors).contains("\"custom_id\":\"b\"", "\"status_code\":500", "\"server_error\"",
                "\"custom_id\":\"c\"", "\"batch_expired\"");
        assertThat(batches.timesSubmitted("fine")).isEqualTo(1);
        assertThat(batches.resultsRead()).isEqualTo(2);
        JsonNode list = send("GET", "/v1/batches?limit=100", null, null);
        assertThat(list.path("data").path(0).path("id").asText()).isEqualTo(id);
        assertThat(list.path("has_more").asBoolean()).isFalse();
    }

    @Test
    void aHeldBatchStaysInProgressARefusedCreateIs429AndACancelledOneEndsCancelled() throws Exception {
        OpenAiBatches batches = OpenAiBatches.on(server);
        batches.refuseCreates(1, "7");
        batches.holdBatches();
        String file = upload(line("a", "one") + line("b", "two"));
        String create = "{\"input_file_id\":\"" + file + "\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\"}";

        HttpResponse<String> refused = raw("POST", "/v1/batches", "application/json", create);
        String id = send("POST", "/v1/batches", "application/json", create).path("id").asText();
        for (int i = 0; i < 5; i++) {
            assertThat(send("GET", "/v1/batches/" + id, null, null).path("status").asText()).isIn("in_progress");
        }
        assertThat(send("POST", "/v1/batches/" + id + "/cancel", "application/json", "{}").path("status").asText())
                .isEqualTo("cancelling");
        JsonNode cancelled = send("GET", "/v1/batches/" + id, null, null);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).contains("7");
        assertThat(cancelled.path("status").asText()).isEqualTo("cancelled");
        String errors = raw("GET", "/v1/files/" + cancelled.path("error_file_id").asText() + "/content", null, null).body();
        assertThat(errors).contains("batch_cancelled");
        assertThat(batches.batchesCreated()).isEqualTo(1);
        assertThat(batches.submissions()).containsEntry("one", 1).containsEntry("two", 1);
    }

    @Test
    void anAnthropicMessageBatchEndsWithOneResultLinePerRequest() throws Exception {
        AnthropicBatches batches = AnthropicBatches.on(server);
        batches.whenPromptContains("bad", BatchAnswer.error(400, "prompt is too long"), BatchAnswer.ok("fixed", 1, 1));
        String body = "{\"requests\":[{\"custom_id\":\"x1\",\"params\":{\"model\":\"claude\",\"max_tokens\":10,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}},{\"custom_id\":\"x2\",\"params\":{"
                + "\"model\":\"claude\",\"max_tokens\":10,\"system\":\"sys\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"bad one\"}]}}]}";

        JsonNode created = send("POST", AnthropicBatches.PATH, "application/json", body);
        JsonNode polled = send("GET", AnthropicBatches.PATH + "/" + created.path("id").asText(), null, null);
        JsonNode ended = send("GET", AnthropicBatches.PATH + "/" + created.path("id").asText(), null, null);
        String results = raw("GET", ended.path("results_url").asText(), null, null).body();

        assertThat(created.path("type").asText()).isEqualTo("message_batch");
        assertThat(created.path("processing_status").asText()).isEqualTo("in_progress");
        assertThat(polled.path("processing_status").asText()).isEqualTo("in_progress");
        assertThat(ended.path("processing_status").asText()).isEqualTo("ended");
        assertThat(ended.path("request_counts").path("errored").asInt()).isEqualTo(1);
        assertThat(results.lines()).hasSize(2);
        assertThat(results).contains("\"custom_id\":\"x1\",\"result\":{\"type\":\"succeeded\"",
                "\"type\":\"errored\"", "\"invalid_request_error\"");
        assertThat(batches.timesSubmitted("sys\nbad one")).isEqualTo(1);
        assertThat(send("GET", AnthropicBatches.PATH + "?limit=10", null, null).path("data")).hasSize(1);
    }

    @Test
    void theMessagesApiAnswersWithTextBlocksUsageAndItsErrorTypes() throws Exception {
        server.route(AnthropicMessages.MESSAGES).then(AnthropicMessages.overloaded(),
                AnthropicMessages.stopped("cut", 3, 4, "max_tokens"));
        String request = "{\"model\":\"claude\",\"max_tokens\":4,\"system\":\"be brief\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hi\"}]}";

        HttpResponse<String> overloaded = raw("POST", "/v1/messages", "application/json", request);
        JsonNode answer = send("POST", "/v1/messages", "application/json", request);

        assertThat(overloaded.statusCode()).isEqualTo(529);
        assertThat(JSON.readTree(overloaded.body()).path("error").path("type").asText()).isEqualTo("overloaded_error");
        assertThat(answer.path("content").path(0).path("text").asText()).isEqualTo("cut");
        assertThat(answer.path("stop_reason").asText()).isEqualTo("max_tokens");
        assertThat(answer.path("usage").path("output_tokens").asInt()).isEqualTo(4);
        assertThat(server.requests().get(0).prompt()).isEqualTo("be brief\nhi");
        assertThat(AnthropicMessages.baseUrl(server)).isEqualTo(server.uri().toString());
    }
}
