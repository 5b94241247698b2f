package dev.taskfleet.launcher;

import dev.taskfleet.launcher.cli.DurationConverter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options shared by {@code demo} and {@code local}. */
final class FleetOptions {

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A configuration property for every service, passed as -DKEY=VALUE (repeatable), "
                    + "e.g. taskfleet.tiers.fast.simulated.latency-median=PT0.2S.")
    Map<String, String> serviceProperties = new LinkedHashMap<>();

    @Option(names = "--ready-timeout", paramLabel = "DURATION", defaultValue = "180s",
            converter = DurationConverter.class,
            description = "How long the broker and each service may take to become ready (default: ${DEFAULT-VALUE}).")
    Duration readyTimeout;

    @Option(names = "--secure",
            description = "Run the broker with SASL (SCRAM-SHA-512) logins only: a new login per service under "
                    + ".taskfleet/run/kafka-logins, data in .taskfleet/kafka-secure. The CLI is unaffected.")
    boolean secure;
}
