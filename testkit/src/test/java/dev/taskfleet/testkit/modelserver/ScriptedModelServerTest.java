package dev.taskfleet.testkit.modelserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scripted provider over real HTTP, with the JDK's own client. */
class ScriptedModelServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ScriptedModelServer server = ScriptedModelServer.start();
    private final Route chat = server.route(OpenAiChat.COMPLETIONS);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(server.url(path)))
                .header("Authorization", "Bearer sk-test")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> ask(String prompt) throws IOException, InterruptedException {
        return post(OpenAiChat.COMPLETIONS.path(), "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":"
                + JSON.writeValueAsString(prompt) + "}]}");
    }

    @Test
    void answersQueuedRepliesInOrderThenTheEndpointsDefault() throws Exception {
        chat.then(OpenAiChat.ok("first \"quoted\"", 7, 3), OpenAiChat.error(503, "overloaded"));

        HttpResponse<String> first = ask("a");
        HttpResponse<String> second = ask("b");
        HttpResponse<String> third = ask("c");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type")).contains("application/json");
        JsonNode answer = JSON.readTree(first.body());
        assertThat(answer.path("object").asText()).isEqualTo("chat.completion");
        assertThat(answer.path("choices").path(0).path("message").path("content").asText()).isEqualTo("first \"quoted\"");
        assertThat(answer.path("usage").path("total_tokens").asLong()).isEqualTo(10);
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(second.body()).path("error").path("type").asText()).isEqualTo("server_error");
        assertThat(JSON.readTree(third.body()).path("choices").path(0).path("message").path("content").asText())
                .isEqualTo("done");
    }

    @Test
    void promptRulesAnswerEachDistinctPromptInTurnAndRepeatTheLastReply() throws Exception {
        chat.whenPromptContains("flaky", OpenAiChat.error(503, "warming up"), OpenAiChat.ok("recovered", 1, 1));

        assertThat(ask("flaky one").statusCode()).isEqualTo(503);
        assertThat(ask("flaky two").statusCode()).isEqualTo(503);
        assertThat(ask("flaky one").body()).contains("recovered");
        assertThat(ask("flaky one").body()).contains("recovered");
        assertThat(ask("steady").body()).contains("done");
        assertThat(chat.requests()).extracting(RecordedRequest::prompt)
                .containsExactly("flaky one", "flaky two", "flaky one", "flaky one", "steady");
    }

    @Test
    void requirementsComeBeforeEverythingElse() throws Exception {
        chat.refuseUnless(request -> "Bearer sk-other".equals(request.header("authorization")),
                OpenAiChat.error(401, "Incorrect API key provided")).then(OpenAiChat.ok("queued", 1, 1));

        HttpResponse<String> refused = ask("x");

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(refused.body()).path("error").path("code").asText()).isEqualTo("invalid_api_key");
    }

    @Test
    void aRateLimitCarriesRetryAfterAndADelayedReplyArrivesLate() throws Exception {
        chat.then(OpenAiChat.rateLimited("7"), OpenAiChat.ok("late", 1, 1).after(Duration.ofMillis(300)));

        HttpResponse<String> limited = ask("x");
        long start = System.nanoTime();
        HttpResponse<String> late = ask("y");

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).contains("7");
        assertThat(late.body()).contains("late");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void aDroppedConnectionGivesTheClientNoResponse() {
        chat.then(Reply.dropConnection());

        assertThatThrownBy(() -> ask("x")).isInstanceOf(IOException.class);
        assertThat(chat.requests()).hasSize(1);
    }

    @Test
    void eachPathHasItsOwnScriptAndAnUnknownPathIs404() throws Exception {
        Route files = server.route("/v1/files").then(Reply.json(200, "{\"id\":\"file-1\"}"));

        HttpResponse<String> uploaded = post("/v1/files", "{}");
        HttpResponse<String> unrouted = post("/v2/elsewhere", "{}");
        HttpResponse<String> unscripted = post("/v1/files", "{}");

        assertThat(uploaded.body()).isEqualTo("{\"id\":\"file-1\"}");
        assertThat(unrouted.statusCode()).isEqualTo(404);
        assertThat(unscripted.statusCode()).isEqualTo(501);
        assertThat(files.requests()).hasSize(2);
        assertThat(chat.requests()).isEmpty();
        assertThat(server.requests()).extracting(RecordedRequest::path)
                .containsExactly("/v1/files", "/v2/elsewhere", "/v1/files");
        assertThatThrownBy(() -> server.route(new Endpoint("/v1/files", body -> body, OpenAiChat.noChoices())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recordsMethodPathHeadersAndBody() throws Exception {
        ask("hello");

        RecordedRequest sent = server.requests().get(0);
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/v1/chat/completions");
        assertThat(sent.header("AUTHORIZATION")).isEqualTo("Bearer sk-test");
        assertThat(sent.body()).contains("\"model\":\"m\"");
        assertThat(sent.prompt()).isEqualTo("hello");
        assertThat(OpenAiChat.baseUrl(server)).isEqualTo(server.uri() + "/v1");
    }

    @Test
    void aGateLetsTheGivenNumberThroughAndHoldsTheRestUntilReleased() throws Exception {
        server.holdAfter(1);

        assertThat(ask("through").statusCode()).isEqualTo(200);
        CompletableFuture<HttpResponse<String>> held = http.sendAsync(HttpRequest.newBuilder(
                        URI.create(server.url(OpenAiChat.COMPLETIONS.path())))
                .POST(HttpRequest.BodyPublishers.ofString("{\"messages\":[{\"role\":\"user\",\"content\":\"held\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        await().atMost(Duration.ofSeconds(10)).until(() -> server.heldRequests() == 1);
        assertThat(held).as("a held request is not answered").isNotDone();
        assertThat(chat.requests()).extracting(RecordedRequest::prompt).containsExactly("through", "held");

        server.release();

        assertThat(held.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(server.heldRequests()).isZero();
        assertThat(ask("after the release").statusCode()).isEqualTo(200);
    }

    @Test
    void aGateCanHoldOnlyTheRequestsATestPicks() throws Exception {
        server.holdWhere(request -> request.prompt().contains("[hold]"));

        CompletableFuture<HttpResponse<String>> held = askAsync("task 0 [hold]");
        await().atMost(Duration.ofSeconds(10)).until(() -> server.heldRequests() == 1);
        assertThat(ask("task 1").statusCode()).as("the rest flows around the held one").isEqualTo(200);
        assertThat(ask("task 2").statusCode()).isEqualTo(200);
        assertThat(held).isNotDone();

        server.release();

        assertThat(held.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(ask("task 3 [hold]").statusCode()).as("released: no longer held").isEqualTo(200);
    }

    @Test
    void releasingTheHeldOnesAnswersThemAndGoesOnHoldingWhatTheRulePicks() throws Exception {
        server.holdWhere(request -> request.prompt().contains("[hold]"));
        CompletableFuture<HttpResponse<String>> first = askAsync("task 0 [hold]");
        await().atMost(Duration.ofSeconds(10)).until(() -> server.heldRequests() == 1);

        server.releaseHeld();

        assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(server.heldRequests()).isZero();
        CompletableFuture<HttpResponse<String>> second = askAsync("task 1 [hold]");
        await().atMost(Duration.ofSeconds(10)).until(() -> server.heldRequests() == 1);
        assertThat(ask("task 2").statusCode()).as("the rest still flows around the held one").isEqualTo(200);
        assertThat(second).as("a request after the release is held again").isNotDone();

        server.release();

        assertThat(second.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void aReplyCutMidBodyClosesTheConnectionAfterHalfTheAnnouncedBody() {
        chat.then(OpenAiChat.ok("an answer that never arrives whole", 10, 5).cutMidBody());

        assertThatThrownBy(() -> ask("cut")).as("the client sees the connection end mid-answer")
                .isInstanceOf(IOException.class);
        assertThat(chat.requests()).hasSize(1);
    }

    private CompletableFuture<HttpResponse<String>> askAsync(String prompt) throws IOException {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(server.url(OpenAiChat.COMPLETIONS.path())))
                .POST(HttpRequest.BodyPublishers.ofString("{\"messages\":[{\"role\":\"user\",\"content\":"
                        + JSON.writeValueAsString(prompt) + "}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
