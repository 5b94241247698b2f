package dev.taskfleet.worker.config;

import dev.taskfleet.config.TierCatalog;
import dev.taskfleet.testkit.ConfigTableCheck;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's configuration table documents every key the worker reads, with its default, and no key it does not. */
class ConfigurationTableTest {

    @Test
    void theReadmeListsEveryKeyOfTheWorkerWithItsDefault() {
        // The standard tiers' model defaults live in the config module, shared with the CLI's estimate.
        ConfigTableCheck.forQuarkusService("worker", WorkerConfig.class)
                .withApplicationProperties(Path.of("../config/src/main/resources/" + TierCatalog.RESOURCE))
                .verify(ConfigTableCheck.rootReadme());
    }
}
