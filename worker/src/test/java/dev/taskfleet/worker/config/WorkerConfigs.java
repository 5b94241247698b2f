package dev.taskfleet.worker.config;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The worker's configuration mapping built from plain sources, without starting Quarkus. Quarkus
 * registers the {@code Duration} and {@code MemorySize} converters at runtime; the "30s" and "8M"
 * style defaults need them here too.
 */
final class WorkerConfigs {

    private WorkerConfigs() {
    }

    static WorkerConfig from(Map<String, String> properties) {
        return from(new PropertiesConfigSource(properties, "test", 100));
    }

    static WorkerConfig from(ConfigSource... sources) {
        return new SmallRyeConfigBuilder()
                .withMapping(WorkerConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(MemorySize.class, 200, new MemorySizeConverter())
                .withSources(sources)
                .build()
                .getConfigMapping(WorkerConfig.class);
    }
}
