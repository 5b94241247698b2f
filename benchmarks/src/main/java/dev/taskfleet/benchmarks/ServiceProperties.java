package dev.taskfleet.benchmarks;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Option;

/**
 * The {@code --service-property} option of a harness that starts the packaged fleet: extra system
 * properties for every service it starts, so a run can change a tier's simulated parameters or a
 * Kafka client setting without a rebuild. A harness takes it with {@code @Mixin}.
 */
public final class ServiceProperties {

    @Option(names = "--service-property", paramLabel = "KEY=VALUE", showDefaultValue = Visibility.NEVER,
            description = "an extra system property for every service, repeatable, e.g. "
                    + "taskfleet.tiers.fast.simulated.capability=0.6 or "
                    + "mp.messaging.incoming.tasks.max.partition.fetch.bytes=16384")
    private Map<String, String> values = new LinkedHashMap<>();

    /** The properties in the order given. */
    public Map<String, String> values() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
