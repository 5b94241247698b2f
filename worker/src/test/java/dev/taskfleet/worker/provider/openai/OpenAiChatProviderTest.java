package dev.taskfleet.worker.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskfleet.contract.ResultErrorCodes;
import dev.taskfleet.testkit.modelserver.OpenAiChat;
import dev.taskfleet.testkit.modelserver.RecordedRequest;
import dev.taskfleet.testkit.modelserver.Route;
import dev.taskfleet.testkit.modelserver.ScriptedModelServer;
import dev.taskfleet.worker.provider.ModelCallException;
import dev.taskfleet.worker.provider.ModelRequest;
import dev.taskfleet.worker.provider.ModelResponse;
import dev.taskfleet.contract.TokenEstimator;
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

/** The OpenAI-compatible client against a real HTTP server on localhost. */
class OpenAiChatProviderTest {

    private static final String SECRET_KEY = "sk-test-secret-key";
    private static final String PROMPT = "refactor this secret code";
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final ModelRequest REQUEST = new ModelRequest("gpt-test", PROMPT, 256, "t-1", 1, null, Map.of());

    private final ScriptedModelServer server = ScriptedModelServer.start();
    private final Route chat = server.route(OpenAiChat.COMPLETIONS);
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void stop() {
        server.close();
    }

    private OpenAiChatProvider provider(Optional<String> key, Map<String, String> headers, Duration timeout) {
        HttpEndpoint settings = new HttpEndpoint(URI.create(OpenAiChat.baseUrl(server)), key, timeout,
                OptionalDouble.of(0.2), headers);
        return new OpenAiChatProvider(ProviderHttp.defaultClient(settings), settings, json,
                Clock.fixed(NOW, ZoneOffset.UTC), System::nanoTime);
    }

    private OpenAiChatProvider provider() {
        return provider(Optional.of(SECRET_KEY), Map.of(), Duration.ofSeconds(5));
    }

    private ModelResponse call(OpenAiChatProvider provider) {
        return provider.complete(REQUEST).toCompletableFuture().join();
    }

    private ModelCallException failure(OpenAiChatProvider provider) {
        CompletionException thrown = catchThrowableOfType(CompletionException.class, () -> call(provider));
        assertThat(thrown.getCause()).isInstanceOf(ModelCallException.class);
        ModelCallException failure = (ModelCallException) thrown.getCause();
        assertThat(failure.getMessage()).doesNotContain(SECRET_KEY, PROMPT);
        return failure;
    }

    @Test
    void postsTheChatRequestAndReadsContentAndUsage() throws Exception {
        chat.then(OpenAiChat.ok("refactored", 1234, 56));

        ModelResponse response = call(provider());

        assertThat(response.output()).isEqualTo("refactored");
        assertThat(response.inputTokens()).isEqualTo(1234);
        assertThat(response.outputTokens()).isEqualTo(56);
        assertThat(response.latency()).isPositive();
        RecordedRequest sent = server.requests().get(0);
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/v1/chat/completions");
        assertThat(sent.header("Content-Type")).isEqualTo("application/json");
        JsonNode body = json.readTree(sent.body());
        assertThat(body.path("model").asText()).isEqualTo("gpt-test");
        assertThat(body.path("messages")).hasSize(1);
        assertThat(body.path("messages").path(0).path("role").asText()).isEqualTo("user");
        assertThat(body.path("messages").path(0).path("content").asText()).isEqualTo(PROMPT);
        assertThat(body.path("max_tokens").asInt()).isEqualTo(256);
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.2);
    }

    @Test
    void estimatesTokensWhenTheServerReportsNoUsage() {
        chat.then(OpenAiChat.okWithoutUsage("four"));

        ModelResponse response = call(provider());

        assertThat(response.inputTokens()).isEqualTo(TokenEstimator.estimate(PROMPT));
        assertThat(response.outputTokens()).isEqualTo(TokenEstimator.estimate("four"));
    }

    @Test
    void sendsTheKeyAsABearerTokenAndTheExtraHeaders() {
        chat.then(OpenAiChat.ok("ok", 1, 1));

        call(provider(Optional.of(SECRET_KEY), Map.of("X-Title", "taskfleet", "OpenAI-Project", "proj-1"),
                Duration.ofSeconds(5)));

        RecordedRequest sent = server.requests().get(0);
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + SECRET_KEY);
        assertThat(sent.header("X-Title")).isEqualTo("taskfleet");
        assertThat(sent.header("OpenAI-Project")).isEqualTo("proj-1");
    }

    @Test
    void sendsNoAuthorizationHeaderWithoutAKey() {
        chat.then(OpenAiChat.ok("ok", 1, 1));

        call(provider(Optional.empty(), Map.of(), Duration.ofSeconds(5)));

        assertThat(server.requests().get(0).header("Authorization")).isNull();
    }

    @Test
    void aBlankKeyCountsAsNoKey() {
        chat.then(OpenAiChat.ok("ok", 1, 1));

        call(provider(Optional.of("  "), Map.of(), Duration.ofSeconds(5)));

        assertThat(server.requests().get(0).header("Authorization")).isNull();
    }

    @Test
    void a429IsRetryableAndCarriesRetryAfterInSeconds() {
        chat.then(OpenAiChat.rateLimited("7"));

        ModelCallException failure = failure(provider());

        assertThat(failure.code()).isEqualTo(ResultErrorCodes.RATE_LIMITED);
        assertThat(failure.retryable()).isTrue();
        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(7));
    }

    @Test
    void a429CarriesRetryAfterGivenAsAnHttpDate() {
        chat.then(OpenAiChat.rateLimited("Sun, 01 Mar 2026 12:00:30 GMT"));

        assertThat(failure(provider()).retryAfter()).contains(Duration.ofSeconds(30));
    }

    @Test
    void serverErrorsAreRetryableProviderErrors() {
        chat.then(OpenAiChat.error(503, "overloaded"), OpenAiChat.error(500, "boom"));

        ModelCallException first = failure(provider());
        ModelCallException second = failure(provider());

        assertThat(first.code()).isEqualTo(ResultErrorCodes.PROVIDER_ERROR);
        assertThat(first.retryable()).isTrue();
        assertThat(first.getMessage()).contains("503", "overloaded");
        assertThat(second.code()).isEqualTo(ResultErrorCodes.PROVIDER_ERROR);
    }

    @Test
    void refusalsArePermanentWithTheirOwnCodes() {
        chat.then(OpenAiChat.error(401, "Incorrect API key provided"), OpenAiChat.error(403, "forbidden"),
                OpenAiChat.error(404, "The model does not exist"), OpenAiChat.error(400, "bad temperature"),
                OpenAiChat.error(422, "unprocessable"), OpenAiChat.error(400,
                        "This model's maximum context length is 8192 tokens. However, you requested 9000"));
        OpenAiChatProvider provider = provider();

        assertThat(codeAndRetryable(failure(provider))).isEqualTo(ResultErrorCodes.AUTH_FAILED + " false");
        assertThat(codeAndRetryable(failure(provider))).isEqualTo(ResultErrorCodes.AUTH_FAILED + " false");
        assertThat(codeAndRetryable(failure(provider))).isEqualTo(ResultErrorCodes.NOT_FOUND + " false");
        assertThat(codeAndRetryable(failure(provider))).isEqualTo(ResultErrorCodes.BAD_REQUEST + " false");
        assertThat(codeAndRetryable(failure(provider))).isEqualTo(ResultErrorCodes.BAD_REQUEST + " false");
        assertThat(codeAndRetryable(failure(provider))).isEqualTo(ResultErrorCodes.CONTEXT_LENGTH + " false");
    }

    @Test
    void aSlowAnswerIsARetryableTimeout() {
        chat.then(OpenAiChat.ok("late", 1, 1).after(Duration.ofSeconds(2)));

        ModelCallException failure = failure(provider(Optional.empty(), Map.of(), Duration.ofMillis(200)));

        assertThat(failure.code()).isEqualTo(ResultErrorCodes.TIMEOUT);
        assertThat(failure.retryable()).isTrue();
    }

    @Test
    void aRefusedConnectionIsARetryableConnectionFailure() {
        server.close();

        ModelCallException failure = failure(provider());

        assertThat(failure.code()).isEqualTo(ResultErrorCodes.CONNECTION_FAILED);
        assertThat(failure.retryable()).isTrue();
    }

    @Test
    void anAnswerWithoutContentIsARetryableProviderError() {
        chat.then(OpenAiChat.noChoices());

        ModelCallException failure = failure(provider());

        assertThat(failure.code()).isEqualTo(ResultErrorCodes.PROVIDER_ERROR);
        assertThat(failure.retryable()).isTrue();
    }

    @Test
    void settingsNeverShowTheKey() {
        HttpEndpoint settings = new HttpEndpoint(URI.create("https://api.example.com/v1/"),
                Optional.of(SECRET_KEY), Duration.ofSeconds(1), OptionalDouble.empty(), Map.of());

        assertThat(settings.toString()).doesNotContain(SECRET_KEY);
        assertThat(settings.resolve(OpenAiChatProvider.CHAT_COMPLETIONS)).isEqualTo(URI.create("https://api.example.com/v1/chat/completions"));
    }

    private static String codeAndRetryable(ModelCallException failure) {
        return failure.code() + " " + failure.retryable();
    }
}
