package dev.taskfleet.router.config;

import dev.taskfleet.testkit.ConfigTableCheck;
import org.junit.jupiter.api.Test;

/** The README's configuration table documents every key the router reads, with its default, and no key it does not. */
class ConfigurationTableTest {

    @Test
    void theReadmeListsEveryKeyOfTheRouterWithItsDefault() {
        ConfigTableCheck.forQuarkusService("router", RouterConfig.class).verify(ConfigTableCheck.rootReadme());
    }
}
