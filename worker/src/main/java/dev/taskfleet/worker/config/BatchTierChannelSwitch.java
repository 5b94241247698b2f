package dev.taskfleet.worker.config;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import jakarta.annotation.Priority;

/**
 * Turns the SmallRye {@code tasks} channel off on a batch tier: there the tier topic is read by the
 * batch tier's own loop, in the same consumer group, so the per-task channel must not join it.
 * Decided from the same settings the worker reads ({@code taskfleet.worker.tier} and
 * {@code taskfleet.tiers.<tier>.provider}, from any source, environment included), so a tier is
 * switched to a batch API by its provider setting alone. An explicit
 * {@value #TASKS_ENABLED} wins. Registered through {@code META-INF/services}.
 */
@Priority(BatchTierChannelSwitch.PRIORITY)
public class BatchTierChannelSwitch implements ConfigSourceInterceptor {

    /** The channel setting this interceptor answers. */
    public static final String TASKS_ENABLED = "mp.messaging.incoming.tasks.enabled";
    static final int PRIORITY = 3000;
    private static final String DEFAULT_TIER = "fast";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (value != null || !TASKS_ENABLED.equals(name)) {
            return value;
        }
        String tier = servedTier(context);
        ConfigValue provider = context.proceed("taskfleet.tiers." + tier + ".provider");
        boolean batch = provider != null && ProviderKind.named(provider.getValue()).map(ProviderKind::batch).orElse(false);
        return batch ? ConfigValue.builder().withName(name).withValue("false")
                .withConfigSourceName("taskfleet batch tier (" + tier + " runs on " + provider.getValue() + ")")
                .build() : null;
    }

    /** {@code taskfleet.worker.tier} as set in any source, or the default tier; for the interceptors of the worker's channel. */
    static String servedTier(ConfigSourceInterceptorContext context) {
        ConfigValue tierSetting = context.proceed("taskfleet.worker.tier");
        return tierSetting == null || tierSetting.getValue() == null ? DEFAULT_TIER : tierSetting.getValue().strip();
    }
}
