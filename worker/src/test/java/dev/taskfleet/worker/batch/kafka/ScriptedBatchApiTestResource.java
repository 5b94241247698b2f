package dev.taskfleet.worker.batch.kafka;

import dev.taskfleet.testkit.modelserver.BatchAnswer;
import dev.taskfleet.testkit.modelserver.OpenAiBatches;
import dev.taskfleet.testkit.modelserver.OpenAiChat;
import dev.taskfleet.testkit.modelserver.ScriptedModelServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Puts tier {@code fast} on {@code openai-batch} against a scripted OpenAI Files + Batches server on
 * localhost that insists on the bearer key. The prompt says what happens to a request: "flaky" fails
 * with a 500 the first time it is submitted and is answered when it comes again; "late" expires the
 * first time; "revoked" is refused with a 401; anything else is answered "answer" with
 * {@link #INPUT_TOKENS} and {@link #OUTPUT_TOKENS}. Gathers for 300 ms, polls every 100 ms.
 */
public class ScriptedBatchApiTestResource implements QuarkusTestResourceLifecycleManager {

    static final String API_KEY = "sk-batch-test";
    static final long INPUT_TOKENS = 40;
    static final long OUTPUT_TOKENS = 8;

    private static volatile OpenAiBatches batches;
    private ScriptedModelServer server;

    /** The running scripted Batch API, for tests that assert what reached the provider. */
    static OpenAiBatches batches() {
        return batches;
    }

    @Override
    public Map<String, String> start() {
        server = ScriptedModelServer.start();
        OpenAiBatches api = OpenAiBatches.on(server);
        api.routes().forEach(route -> route.refuseUnless(
                request -> ("Bearer " + API_KEY).equals(request.header("Authorization")),
                OpenAiChat.error(401, "missing or wrong key")));
        api.whenPromptContains("flaky", BatchAnswer.error(500, "The server had an error"),
                        BatchAnswer.ok("answer", INPUT_TOKENS, OUTPUT_TOKENS))
                .whenPromptContains("late", BatchAnswer.expired(), BatchAnswer.ok("answer", INPUT_TOKENS, OUTPUT_TOKENS))
                .whenPromptContains("revoked", BatchAnswer.error(401, "this key was revoked"))
                .otherwise(BatchAnswer.ok("answer", INPUT_TOKENS, OUTPUT_TOKENS));
        batches = api;
        String prefix = "taskfleet.tiers.fast.";
        return Map.of(
                prefix + "provider", "openai-batch",
                prefix + "base-url", OpenAiChat.baseUrl(server),
                prefix + "model", "gpt-batch-test",
                prefix + "api-key", API_KEY,
                prefix + "batch.gather-time", "300ms",
                prefix + "batch.poll-interval", "100ms",
                prefix + "price.input-per-million", "0.075",
                prefix + "price.output-per-million", "0.30");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
