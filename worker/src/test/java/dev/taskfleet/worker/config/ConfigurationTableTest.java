package dev.taskfleet.worker.config;

import dev.taskfleet.testkit.ConfigTableCheck;
import org.junit.jupiter.api.Test;

/** The README's configuration table documents every key the worker reads, with its default, and no key it does not. */
class ConfigurationTableTest {

    @Test
    void theReadmeListsEveryKeyOfTheWorkerWithItsDefault() {
        ConfigTableCheck.forQuarkusService("worker", WorkerConfig.class).verify(ConfigTableCheck.rootReadme());
    }
}
