package dev.taskfleet.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;


import io.smallrye.config.ConfigMapping;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The configuration-table check on a small mapping with every shape the services use. */
class ConfigTableCheckTest {

    /** Keys every sample service shares, with a helper that is not a key. */
    interface SharedKeys {

        @WithDefault("fast,quality")
        List<String> tierOrder();

        default String firstTier() {
            return tierOrder().get(0);
        }
    }

    @ConfigMapping(prefix = "sample")
    interface SampleConfig extends SharedKeys {

        @WithDefault("30s")
        String drainTimeout();

        Optional<String> instanceId();

        @WithName("seed")
        @WithDefault("42")
        long randomSeed();

        Map<String, Tier> tiers();

        interface Tier {

            @WithDefault("1s")
            String latencyMedian();

            Optional<String> model();

            Map<String, String> extraHeaders();

            RateLimit rateLimit();
        }

        interface RateLimit {

            OptionalLong requestsPerMinute();
        }
    }

    private static final String TABLE_HEAD = """
            # sample

            ## Configuration

            Some words first.

            | key | default | used by | meaning |
            |---|---|---|---|
            """;
    private static final List<String> ROWS = List.of(
            "| `kafka.bootstrap.servers` | `localhost:19092` | all | the broker |",
            "| `sample.tier-order` | `fast,quality` | all | tiers |",
            "| `sample.drain-timeout` | `30s` | worker | drain |",
            "| `sample.instance-id` | the host name | worker | name |",
            "| `sample.seed` | `42` | worker | seed |",
            "| `sample.tiers.<tier>.latency-median` | fast `0.8s`, quality `1s`, others `1s` | worker | latency |",
            "| `sample.tiers.<tier>.model` | fast `sim-fast`, others `sim-<tier>` | worker | model |",
            "| `sample.tiers.<tier>.extra-headers.<Name>` | none | worker | headers |",
            "| `sample.tiers.<tier>.rate-limit.requests-per-minute` | unlimited | worker | quota |",
            "| `sample.router.policy-file` | the bundled policy | router | another service's key |",
            "| `quarkus.http.port` | router `8081`, worker `8082` | all | HTTP port |");

    @TempDir
    Path dir;

    private Path properties;

    @BeforeEach
    void writeProperties() throws IOException {
        properties = Files.writeString(dir.resolve("application.properties"), """
                quarkus.http.port=8082
                kafka.bootstrap.servers=localhost:19092
                %test.quarkus.http.port=0
                sample.tiers.fast.latency-median=0.8s
                sample.tiers.fast.model=sim-fast
                sample.tiers.quality.latency-median=1s
                """);
    }

    private ConfigTableCheck check() {
        return ConfigTableCheck.forService("worker", SampleConfig.class)
                .withApplicationProperties(properties)
                .withKeysOutsideMapping("kafka.bootstrap.servers", "quarkus.http.port");
    }

    private Path readme(List<String> rows) throws IOException {
        return Files.writeString(dir.resolve("README.md"), TABLE_HEAD + String.join("\n", rows) + "\n\nAfter the table.\n");
    }

    private Path readmeWith(Function<String, String> edit) throws IOException {
        return readme(ROWS.stream().map(edit).filter(row -> !row.isEmpty()).collect(Collectors.toList()));
    }

    @Test
    void findsTheKeysAsSmallRyeNamesThem() {
        Map<String, Optional<String>> keys = ConfigMappingKeys.of(SampleConfig.class);

        assertThat(keys).containsOnlyKeys("sample.tier-order", "sample.drain-timeout", "sample.instance-id",
                "sample.seed", "sample.tiers.*.latency-median", "sample.tiers.*.model", "sample.tiers.*.extra-headers.*",
                "sample.tiers.*.rate-limit.requests-per-minute");
        assertThat(keys).containsEntry("sample.drain-timeout", Optional.of("30s"))
                .containsEntry("sample.instance-id", Optional.empty());

        // SmallRye refuses keys that map to nothing, so it accepting every one of these proves the names.
        Map<String, String> everyKey = keys.keySet().stream()
                .collect(Collectors.toMap(key -> key.replace("*", "fast"), key -> "7"));
        SampleConfig config = new SmallRyeConfigBuilder().withMapping(SampleConfig.class)
                .withSources(new PropertiesConfigSource(everyKey, "test", 100)).build().getConfigMapping(SampleConfig.class);
        assertThat(config.randomSeed()).isEqualTo(7);
        assertThat(config.tiers().get("fast").rateLimit().requestsPerMinute()).hasValue(7);
        assertThatThrownBy(() -> new SmallRyeConfigBuilder().withMapping(SampleConfig.class)
                .withSources(new PropertiesConfigSource(Map.of("sample.not-a-key", "7"), "test", 100)).build())
                .hasMessageContaining("sample.not-a-key");
    }

    @Test
    void aTableThatMatchesPasses() throws IOException {
        assertThat(check().problems(readme(ROWS))).isEmpty();
        check().verify(readme(ROWS));
    }

    @Test
    void aKeyWithoutARowFails() throws IOException {
        Path readme = readmeWith(row -> row.contains("`sample.seed`") ? "" : row);

        assertThat(check().problems(readme)).singleElement().asString()
                .contains("`sample.seed` has no row").contains("`42`");
        assertThatThrownBy(() -> check().verify(readme)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("1 disagreement(s)");
    }

    /** One edit of one row, and what the one problem it causes must say. */
    static Stream<Arguments> oneRowEdits() {
        return Stream.of(
                arguments("a changed default", "`30s`", "`45s`",
                        List.of("`sample.drain-timeout`", "documented as '`45s`'", "say `30s`")),
                arguments("a tier's value from the properties left out", "fast `0.8s`, quality `1s`, others `1s`", "`1s`",
                        List.of("`sample.tiers.*.latency-median`", "say fast `0.8s`, quality `1s`, others `1s`")),
                arguments("a value for a key without a default", "the host name", "`vm-1`",
                        List.of("`sample.instance-id`", "no default")),
                arguments("a row naming the service for a key it does not read", "| router |", "| router, worker |",
                        List.of("`sample.router.policy-file`", "names worker", "declares no such key")),
                arguments("a row not naming the service", "`30s` | worker", "`30s` | router",
                        List.of("`sample.drain-timeout`", "does not name worker")),
                arguments("a port other than the service's properties set", "worker `8082`", "worker `9999`",
                        List.of("`quarkus.http.port`", "sets `8082`")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oneRowEdits")
    void anEditedRowIsReported(String edit, String from, String to, List<String> problemSays) throws IOException {
        assertThat(check().problems(readmeWith(row -> row.replace(from, to)))).singleElement().asString()
                .contains(problemSays);
    }

    @Test
    void aKeyOutsideTheMappingMustBeNamedAsSuch() throws IOException {
        List<String> unnamed = ConfigTableCheck.forService("worker", SampleConfig.class)
                .withApplicationProperties(properties)
                .withKeysOutsideMapping("quarkus.http.port")
                .problems(readme(ROWS));
        assertThat(unnamed).singleElement().asString().contains("`kafka.bootstrap.servers`").contains("declares no such key");
    }

    @Test
    void aPropertyUnderThePrefixThatTheMappingDoesNotDeclareFails() throws IOException {
        Files.writeString(properties, "sample.tiers.fast.latency-medium=2s\n", StandardOpenOption.APPEND);

        assertThat(check().problems(readme(ROWS))).singleElement().asString()
                .contains("sample.tiers.fast.latency-medium").contains("does not declare");
    }

    @Test
    void aRowWithTwoKeysOrTwiceTheSameKeyFails() throws IOException {
        List<String> rows = new ArrayList<>(ROWS);
        rows.add("| `sample.seed` | `42` | worker | again |");
        rows.add("| `sample.a` / `sample.b` | none | router | two keys |");

        assertThat(check().problems(readme(rows))).hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("a second row for the same key"))
                .anySatisfy(p -> assertThat(p).contains("one key in backticks per row"));
    }
}
