package dev.taskfleet.router.config;

import dev.taskfleet.testkit.ConfigTableCheck;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's configuration table documents every key the router reads, with its default, and no key it does not. */
class ConfigurationTableTest {

    @Test
    void theReadmeListsEveryKeyOfTheRouterWithItsDefault() {
        ConfigTableCheck.forService("router", RouterConfig.class)
                .withApplicationProperties(Path.of("src/main/resources/application.properties"))
                // Read by Quarkus and the Kafka clients, not by RouterConfig; their defaults are in application.properties.
                .withKeysOutsideMapping("kafka.bootstrap.servers", "quarkus.http.port")
                .verify(ConfigTableCheck.rootReadme());
    }
}
