package dev.taskfleet.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.contract.TaskLimits;
import dev.taskfleet.contract.TopicNames;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shared keys as a service's own mapping sees them when it extends {@link SharedFleetConfig}. */
class SharedFleetConfigTest {

    /** A service's root mapping: the shared keys plus one of its own. */
    @ConfigMapping(prefix = FleetKeys.PREFIX)
    interface ServiceConfig extends SharedFleetConfig {

        @WithDefault("own")
        String ownKey();
    }

    private static ServiceConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withMapping(ServiceConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build()
                .getConfigMapping(ServiceConfig.class);
    }

    @Test
    void theDefaultsAreTheContractsDefaults() {
        ServiceConfig config = config(Map.of());

        assertThat(config.topicNames()).isEqualTo(new TopicNames(TopicNames.DEFAULT_PREFIX));
        assertThat(config.validationLimits()).isEqualTo(TaskLimits.defaults(List.of("fast", "quality")));
        assertThat(config.topics().partitions()).isEqualTo(6);
        assertThat(config.topics().replicationFactor()).isEqualTo((short) 1);
        assertThat(config.ownKey()).isEqualTo("own");
    }

    @Test
    void theKeyConstantsAreTheKeysTheMappingReads() {
        ServiceConfig config = config(Map.of(FleetKeys.TOPIC_PREFIX, "team-a", FleetKeys.TIER_ORDER, "cheap,mid,deep"));

        assertThat(config.topicNames().tasks()).isEqualTo("team-a.tasks");
        assertThat(config.tierOrder()).containsExactly("cheap", "mid", "deep");
    }

    @Test
    void everySharedKeyIsReadUnderItsDocumentedName() {
        ServiceConfig config = config(Map.of(
                "taskfleet.topics.partitions", "12",
                "taskfleet.topics.replication-factor", "3",
                "taskfleet.task-limits.max-prompt-chars", "500",
                "taskfleet.task-limits.max-labels", "4",
                "taskfleet.task-limits.max-label-chars", "16"));

        assertThat(config.topics().partitions()).isEqualTo(12);
        assertThat(config.topics().replicationFactor()).isEqualTo((short) 3);
        assertThat(config.validationLimits()).isEqualTo(new TaskLimits(FleetDefaults.TIERS, 500, 4, 16));
    }
}
