package dev.taskfleet.e2e;

import dev.taskfleet.testkit.modelserver.OpenAiBatches;
import dev.taskfleet.testkit.modelserver.OpenAiChat;
import dev.taskfleet.testkit.modelserver.ScriptedBatches;
import dev.taskfleet.testkit.modelserver.ScriptedModelServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link BatchTierWorkerKill} on {@code openai-batch}: OpenAI's Files and Batch APIs, scripted. */
class OpenAiBatchTierWorkerKillTest extends BatchTierWorkerKill {

    private static final String PREFIX = "e2e-openai-batch-kill";
    private static final ScriptedModelServer server = ScriptedModelServer.start();
    private static final OpenAiBatches provider = OpenAiBatches.on(server);

    @RegisterExtension
    static final RunningFleet running = new RunningFleet(PREFIX, () -> PackagedFleet.batchSingleTier(
            "fleet-openai-batch-kill", PREFIX, "openai-batch", OpenAiChat.baseUrl(server), TASKS));

    @AfterAll
    static void stopTheProvider() {
        server.close();
    }

    @Override
    RunningFleet running() {
        return running;
    }

    @Override
    ScriptedModelServer server() {
        return server;
    }

    @Override
    ScriptedBatches provider() {
        return provider;
    }
}
