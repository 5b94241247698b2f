package dev.taskfleet.producer.config;

import dev.taskfleet.testkit.ConfigTableCheck;
import org.junit.jupiter.api.Test;

/** The README's configuration table documents every key the producer reads, with its default, and no key it does not. */
class ConfigurationTableTest {

    @Test
    void theReadmeListsEveryKeyOfTheProducerWithItsDefault() {
        ConfigTableCheck.forQuarkusService("producer", FleetConfig.class).verify(ConfigTableCheck.rootReadme());
    }
}
