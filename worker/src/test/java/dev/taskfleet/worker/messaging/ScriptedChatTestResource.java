package dev.taskfleet.worker.messaging;

import dev.taskfleet.worker.provider.openai.ScriptedChatServer;
import dev.taskfleet.worker.provider.openai.ScriptedChatServer.Reply;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Points one tier (init arg {@link #TIER_ARG}, {@code fast} by default) at a {@link ScriptedChatServer}
 * that behaves like a strict provider: 401 without the expected bearer key, 400 without the expected
 * extra header. Past those, the prompt says what happens: a 503 the first time for a prompt
 * containing "flaky", a 401 for "revoked-key" (a key the provider has since revoked), prose for
 * "prose-answer", the JSON object {@link #JSON_ANSWER} for "json-answer", otherwise "answer"; every
 * answer with 42 prompt and 7 completion tokens.
 */
public class ScriptedChatTestResource implements QuarkusTestResourceLifecycleManager {

    /** Which tier the server serves. */
    public static final String TIER_ARG = "tier";
    static final String API_KEY = "sk-e2e-key";
    static final String TITLE = "taskfleet-e2e";
    static final long PROMPT_TOKENS = 42;
    static final long COMPLETION_TOKENS = 7;
    static final String PROSE = "Sure! The answer is forty-two.";
    static final String JSON_ANSWER = "{\"verdict\":\"fine\"}";

    /** The running servers' requests, by tier, for tests that assert what reached the provider. */
    private static final Map<String, ScriptedChatServer> SERVERS = new ConcurrentHashMap<>();

    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private String tier = "fast";
    private ScriptedChatServer server;

    @Override
    public void init(Map<String, String> initArgs) {
        tier = initArgs.getOrDefault(TIER_ARG, "fast");
    }

    /** Every request the server of {@code tier} has received. */
    static List<ScriptedChatServer.Recorded> requestsOf(String tier) {
        return SERVERS.get(tier).requests();
    }

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
            if (request.body().contains("revoked-key")) {
                return Reply.error(401, "this key was revoked");
            }
            if (request.body().contains("prose-answer")) {
                return Reply.ok(PROSE, PROMPT_TOKENS, COMPLETION_TOKENS);
            }
            if (request.body().contains("json-answer")) {
                return Reply.ok(JSON_ANSWER, PROMPT_TOKENS, COMPLETION_TOKENS);
            }
            return Reply.ok("answer", PROMPT_TOKENS, COMPLETION_TOKENS);
        });
        SERVERS.put(tier, server);
        String prefix = "taskfleet.tiers." + tier + ".";
        return Map.of(
                prefix + "provider", "openai",
                prefix + "base-url", server.baseUrl(),
                prefix + "model", "gpt-e2e",
                prefix + "api-key", API_KEY,
                prefix + "extra-headers.X-Title", TITLE,
                prefix + "retry.initial-backoff", "20ms");
    }

    @Override
    public void stop() {
        if (server != null) {
            SERVERS.remove(tier, server);
            server.close();
        }
    }
}
