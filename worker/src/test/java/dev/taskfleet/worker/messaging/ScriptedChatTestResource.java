package dev.taskfleet.worker.messaging;

import dev.taskfleet.testkit.modelserver.OpenAiChat;
import dev.taskfleet.testkit.modelserver.RecordedRequest;
import dev.taskfleet.testkit.modelserver.Reply;
import dev.taskfleet.testkit.modelserver.ScriptedModelServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Points one tier (init arg {@link #TIER_ARG}, {@code fast} by default) at a {@link ScriptedModelServer}
 * that behaves like a strict provider: 401 without the expected bearer key, 400 without the expected
 * extra header. Past those, the prompt says what happens: a 503 the first time for a prompt
 * containing "flaky", a 401 for "revoked-key" (a key the provider has since revoked), prose for
 * "prose-answer", the JSON object {@link #JSON_ANSWER} for "json-answer", {@link #HUGE_ANSWER} for
 * "huge-answer", otherwise "answer"; every
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
    /** The answer to "huge-answer": 50,000 characters, more than a small results topic takes. */
    static final String HUGE_ANSWER = "long answer ".repeat(50_000 / 12) + "end";

    /** The running servers' requests, by tier, for tests that assert what reached the provider. */
    private static final Map<String, ScriptedModelServer> SERVERS = new ConcurrentHashMap<>();

    private String tier = "fast";
    private ScriptedModelServer server;

    @Override
    public void init(Map<String, String> initArgs) {
        tier = initArgs.getOrDefault(TIER_ARG, "fast");
    }

    /** Every request the server of {@code tier} has received. */
    static List<RecordedRequest> requestsOf(String tier) {
        return SERVERS.get(tier).requests();
    }

    @Override
    public Map<String, String> start() {
        server = ScriptedModelServer.start();
        Reply answer = OpenAiChat.ok("answer", PROMPT_TOKENS, COMPLETION_TOKENS);
        server.route(OpenAiChat.COMPLETIONS)
                .refuseUnless(request -> ("Bearer " + API_KEY).equals(request.header("Authorization")),
                        OpenAiChat.error(401, "missing or wrong key"))
                .refuseUnless(request -> TITLE.equals(request.header("X-Title")),
                        OpenAiChat.error(400, "missing X-Title"))
                .whenPromptContains("flaky", OpenAiChat.error(503, "warming up"), answer)
                .whenPromptContains("revoked-key", OpenAiChat.error(401, "this key was revoked"))
                .whenPromptContains("prose-answer", OpenAiChat.ok(PROSE, PROMPT_TOKENS, COMPLETION_TOKENS))
                .whenPromptContains("json-answer", OpenAiChat.ok(JSON_ANSWER, PROMPT_TOKENS, COMPLETION_TOKENS))
                .whenPromptContains("huge-answer", OpenAiChat.ok(HUGE_ANSWER, PROMPT_TOKENS, COMPLETION_TOKENS))
                .otherwise(request -> answer);
        SERVERS.put(tier, server);
        String prefix = "taskfleet.tiers." + tier + ".";
        return Map.of(
                prefix + "provider", "openai",
                prefix + "base-url", OpenAiChat.baseUrl(server),
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
