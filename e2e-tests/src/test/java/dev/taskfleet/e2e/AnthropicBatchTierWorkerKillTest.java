package dev.taskfleet.e2e;

import dev.taskfleet.testkit.modelserver.AnthropicBatches;
import dev.taskfleet.testkit.modelserver.AnthropicMessages;
import dev.taskfleet.testkit.modelserver.ScriptedBatches;
import dev.taskfleet.testkit.modelserver.ScriptedModelServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link BatchTierWorkerKill} on {@code anthropic-batch}: Anthropic's Message Batches API, scripted. */
class AnthropicBatchTierWorkerKillTest extends BatchTierWorkerKill {

    private static final String PREFIX = "e2e-anthropic-batch-kill";
    private static final ScriptedModelServer server = ScriptedModelServer.start();
    private static final AnthropicBatches provider = AnthropicBatches.on(server);

    @RegisterExtension
    static final RunningFleet running = new RunningFleet(PREFIX, () -> PackagedFleet.batchSingleTier(
            "fleet-anthropic-batch-kill", PREFIX, "anthropic-batch", AnthropicMessages.baseUrl(server), TASKS));

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
