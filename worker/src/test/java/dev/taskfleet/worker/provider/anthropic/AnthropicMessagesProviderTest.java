package dev.taskfleet.worker.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskfleet.contract.ResultErrorCodes;
import dev.taskfleet.testkit.modelserver.AnthropicMessages;
import dev.taskfleet.testkit.modelserver.RecordedRequest;
import dev.taskfleet.testkit.modelserver.Reply;
import dev.taskfleet.testkit.modelserver.Route;
import dev.taskfleet.testkit.modelserver.ScriptedModelServer;
import dev.taskfleet.worker.provider.ModelCallException;
import dev.taskfleet.worker.provider.ModelRequest;
import dev.taskfleet.worker.provider.ModelResponse;
import dev.taskfleet.worker.provider.http.HttpEndpoint;
import dev.taskfleet.worker.provider.http.ProviderHttp;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The native Anthropic Messages client against a real HTTP server on localhost. */
class AnthropicMessagesProviderTest {

    private static final String SECRET_KEY = "sk-ant-test-secret";
    private static final String PROMPT = "summarise this secret report";
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final ModelRequest REQUEST = new ModelRequest("claude-test", PROMPT, 300, "t-1", 1, null, Map.of());

    private final ScriptedModelServer server = ScriptedModelServer.start();
    private final Route messages = server.route(AnthropicMessages.MESSAGES);
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void stop() {
        server.close();
    }

    private AnthropicMessagesProvider provider(Optional<String> key, Optional<String> system, Duration timeout) {
        HttpEndpoint endpoint = new HttpEndpoint(URI.create(AnthropicMessages.baseUrl(server)), key, timeout,
                OptionalDouble.empty(), Map.of("X-Team", "payments"), system);
        return new AnthropicMessagesProvider(ProviderHttp.defaultClient(endpoint), endpoint, json,
                Clock.fixed(NOW, ZoneOffset.UTC), System::nanoTime);
    }

    private AnthropicMessagesProvider provider() {
        return provider(Optional.of(SECRET_KEY), Optional.empty(), Duration.ofSeconds(5));
    }

    private ModelResponse call(AnthropicMessagesProvider provider) {
        return provider.complete(REQUEST).toCompletableFuture().join();
    }

    private ModelCallException failure(AnthropicMessagesProvider provider) {
        CompletionException thrown = catchThrowableOfType(CompletionException.class, () -> call(provider));
        assertThat(thrown.getCause()).isInstanceOf(ModelCallException.class);
        ModelCallException failure = (ModelCallException) thrown.getCause();
        assertThat(failure.getMessage()).doesNotContain(SECRET_KEY, PROMPT);
        return failure;
    }

    @Test
    void postsAMessagesRequestWithTheApiHeadersAndReadsTextUsageAndLatency() throws Exception {
        messages.then(AnthropicMessages.ok("the summary", 1200, 80));

        ModelResponse response = call(provider(Optional.of(SECRET_KEY), Optional.of("You are terse."),
                Duration.ofSeconds(5)));

        assertThat(response.output()).isEqualTo("the summary");
        assertThat(response.inputTokens()).isEqualTo(1200);
        assertThat(response.outputTokens()).isEqualTo(80);
        assertThat(response.latency()).isPositive();
        RecordedRequest sent = server.requests().get(0);
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/v1/messages");
        assertThat(sent.header("x-api-key")).isEqualTo(SECRET_KEY);
        assertThat(sent.header("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(sent.header("Authorization")).isNull();
        assertThat(sent.header("X-Team")).isEqualTo("payments");
        JsonNode body = json.readTree(sent.body());
        assertThat(body.path("model").asText()).isEqualTo("claude-test");
        assertThat(body.path("max_tokens").asInt()).isEqualTo(300);
        assertThat(body.path("system").asText()).isEqualTo("You are terse.");
        assertThat(body.path("messages")).hasSize(1);
        assertThat(body.path("messages").path(0).path("role").asText()).isEqualTo("user");
        assertThat(body.path("messages").path(0).path("content").asText()).isEqualTo(PROMPT);
        assertThat(body.has("temperature")).isFalse();
    }

    @Test
    void sendsNoSystemAndNoKeyWhenNoneAreConfigured() throws Exception {
        call(provider(Optional.empty(), Optional.empty(), Duration.ofSeconds(5)));

        RecordedRequest sent = server.requests().get(0);
        assertThat(sent.header("x-api-key")).isNull();
        assertThat(sent.header("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(json.readTree(sent.body()).has("system")).isFalse();
    }

    @Test
    void anAnswerCutAtMaxTokensIsKeptAndARefusalIsRejectedOutput() {
        messages.then(AnthropicMessages.stopped("half an ans", 10, 300, "max_tokens"),
                AnthropicMessages.stopped("", 10, 2, "refusal"));
        AnthropicMessagesProvider provider = provider();

        assertThat(call(provider).output()).isEqualTo("half an ans");
        ModelCallException refusal = failure(provider);

        assertThat(refusal.code()).isEqualTo(ResultErrorCodes.OUTPUT_REJECTED);
        assertThat(refusal.retryable()).isFalse();
    }

    @Test
    void overloaded529IsARetryableModelUnavailable() {
        messages.then(AnthropicMessages.overloaded());

        ModelCallException failure = failure(provider());

        assertThat(failure.code()).isEqualTo(ResultErrorCodes.MODEL_UNAVAILABLE);
        assertThat(failure.retryable()).isTrue();
        assertThat(failure.getMessage()).contains("529", "Overloaded");
    }

    @Test
    void a429IsRetryableAfterItsRetryAfter() {
        messages.then(AnthropicMessages.rateLimited("11"));

        ModelCallException failure = failure(provider());

        assertThat(failure.code()).isEqualTo(ResultErrorCodes.RATE_LIMITED);
        assertThat(failure.retryable()).isTrue();
        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(11));
    }

    @Test
    void authPermissionAndBadRequestsAreNotRetried() {
        messages.then(AnthropicMessages.error(401, "invalid x-api-key"), AnthropicMessages.error(403, "no access"),
                AnthropicMessages.error(400, "max_tokens: must be at most 8192"), AnthropicMessages.error(500, "boom"));
        AnthropicMessagesProvider provider = provider();

        ModelCallException unauthorised = failure(provider);
        ModelCallException forbidden = failure(provider);
        ModelCallException bad = failure(provider);
        ModelCallException internal = failure(provider);

        assertThat(unauthorised.code()).isEqualTo(ResultErrorCodes.AUTH_FAILED);
        assertThat(unauthorised.retryable()).isFalse();
        assertThat(forbidden.code()).isEqualTo(ResultErrorCodes.AUTH_FAILED);
        assertThat(forbidden.retryable()).isFalse();
        assertThat(bad.code()).isEqualTo(ResultErrorCodes.BAD_REQUEST);
        assertThat(bad.retryable()).isFalse();
        assertThat(bad.getMessage()).contains("max_tokens: must be at most 8192");
        assertThat(internal.code()).isEqualTo(ResultErrorCodes.PROVIDER_ERROR);
        assertThat(internal.retryable()).isTrue();
    }

    @Test
    void aSlowAnswerIsARetryableTimeoutAndAnAnswerWithoutTextARetryableProviderError() {
        messages.then(AnthropicMessages.ok("late", 1, 1).after(Duration.ofSeconds(2)),
                Reply.json(200, "{\"type\":\"message\",\"content\":[],\"stop_reason\":\"end_turn\"}"));

        ModelCallException slow = failure(provider(Optional.of(SECRET_KEY), Optional.empty(), Duration.ofMillis(200)));
        ModelCallException empty = failure(provider());

        assertThat(slow.code()).isEqualTo(ResultErrorCodes.TIMEOUT);
        assertThat(slow.retryable()).isTrue();
        assertThat(empty.code()).isEqualTo(ResultErrorCodes.PROVIDER_ERROR);
        assertThat(empty.retryable()).isTrue();
    }
}
