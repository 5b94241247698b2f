package dev.taskfleet.worker.messaging;

import dev.taskfleet.worker.provider.openai.ScriptedChatServer;
import dev.taskfleet.worker.provider.openai.ScriptedChatServer.Reply;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Points tier {@code fast} at a {@link ScriptedChatServer} that behaves like a strict provider:
 * 401 without the expected bearer key, 400 without the expected extra header, a 503 the first time
 * it sees a prompt containing "flaky", otherwise an answer with 42 prompt and 7 completion tokens.
 */
public class ScriptedChatTestResource implements QuarkusTestResourceLifecycleManager {

    static final String API_KEY = "sk-e2e-key";
    static final String TITLE = "taskfleet-e2e";
    static final long PROMPT_TOKENS = 42;
    static final long COMPLETION_TOKENS = 7;

    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private ScriptedChatServer server;

    @Override
    public Map<String, String> start() {
        server = ScriptedChatServer.start().otherwise(request -> {
            if (!("Bearer " + API_KEY).equals(request.header("Authorization"))) {
                return Reply.error(401, "missing or wrong key");
            }
            if (!TITLE.equals(request.header("X-Title"))) {
                return Reply.error(400, "missing X-Title");
            }
            if (request.body().contains("flaky") && seen.add(request.body())) {
                return Reply.error(503, "warming up");
            }
            return Reply.ok("answer", PROMPT_TOKENS, COMPLETION_TOKENS);
        });
        return Map.of(
                "taskfleet.tiers.fast.provider", "openai",
                "taskfleet.tiers.fast.base-url", server.baseUrl(),
                "taskfleet.tiers.fast.model", "gpt-e2e",
                "taskfleet.tiers.fast.api-key", API_KEY,
                "taskfleet.tiers.fast.extra-headers.X-Title", TITLE,
                "taskfleet.tiers.fast.retry.initial-backoff", "20ms");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
