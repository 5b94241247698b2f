package dev.taskfleet.worker.config;

import dev.taskfleet.config.FleetDefaults;
import dev.taskfleet.config.FleetKeys;
import dev.taskfleet.contract.TopicNames;
import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import jakarta.annotation.Priority;

/**
 * Answers the SmallRye {@code tasks} channel's topic with the pattern of the worker's tier topic
 * and all its lanes ({@link TopicNames#tierLanes}), so the channel (subscribed by pattern) reads
 * every team's lane of the tier, including lanes the router creates after the worker started.
 * The pattern comes from the contract, the one place lane names are made, rather than from a
 * regular expression repeated in {@code application.properties}. An explicit
 * {@value #TASKS_TOPIC} wins. Registered through {@code META-INF/services}.
 */
@Priority(TierLanesSubscription.PRIORITY)
public class TierLanesSubscription implements ConfigSourceInterceptor {

    /** The channel setting this interceptor answers. */
    public static final String TASKS_TOPIC = "mp.messaging.incoming.tasks.topic";
    static final int PRIORITY = 3000;

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (value != null || !TASKS_TOPIC.equals(name)) {
            return value;
        }
        String tier = BatchTierChannelSwitch.servedTier(context);
        ConfigValue prefixSetting = context.proceed(FleetKeys.TOPIC_PREFIX);
        String prefix = prefixSetting == null || prefixSetting.getValue() == null ? FleetDefaults.TOPIC_PREFIX
                : prefixSetting.getValue().strip();
        return ConfigValue.builder().withName(name)
                .withValue(new TopicNames(prefix).tierLanes(TopicNames.requireValidTier(tier)).pattern())
                .withConfigSourceName("taskfleet tier lanes (" + tier + ")")
                .build();
    }
}
