package dev.taskfleet.benchmarks.forwarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Options of the router benchmark: defaults, router properties passed through, bad input refused. */
class ForwardingOptionsTest {

    @Test
    void defaultsMatchTheWriteUp() {
        ForwardingOptions options = ForwardingOptions.parse(new String[0]);

        assertThat(options.tasks()).isEqualTo(200_000);
        assertThat(options.warmUp()).isEqualTo(100_000);
        assertThat(options.partitions()).isEqualTo(6);
        assertThat(options.maxPollRecords()).isEqualTo(500);
        assertThat(options.transactional()).isTrue();
        assertThat(options.copyBatching()).isEqualTo(CopyBatching.ROUTER);
        assertThat(options.copyBatching().settings()).containsEntry("linger.ms", 10).containsEntry("batch.size", 131_072);
        assertThat(options.routerProperties()).isEmpty();
        assertThat(options.jfr()).isNull();
        assertThat(options.workDir().toString()).endsWith("benchmarks/target/router-run");
    }

    @Test
    void routerPropertiesKeepEverythingAfterTheFirstEquals() {
        ForwardingOptions options = ForwardingOptions.parse(new String[] {"--router-property=kafka.max.poll.records=2000",
            "--router-property=kafka.client.rack=a=b", "--max-poll-records=2000", "--tasks=5000", "--jfr=target/rec"});

        assertThat(options.routerProperties()).isEqualTo(Map.of("kafka.max.poll.records", "2000", "kafka.client.rack", "a=b"));
        assertThat(options.maxPollRecords()).isEqualTo(2000);
        assertThat(options.tasks()).isEqualTo(5000);
        assertThat(options.jfr().isAbsolute()).isTrue();
        assertThat(options.jfr().endsWith(java.nio.file.Path.of("target", "rec"))).isTrue();
    }

    @Test
    void copiesCanBatchAsKafkaDoesByDefault() {
        ForwardingOptions options = ForwardingOptions.parse(new String[] {"--copy-batching=kafka"});

        assertThat(options.copyBatching()).isEqualTo(CopyBatching.KAFKA);
        assertThat(options.copyBatching().settings()).isEmpty();
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> ForwardingOptions.parse(new String[] {"--copy-batching=huge"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("huge");
        assertThatThrownBy(() -> ForwardingOptions.parse(new String[] {"--router-property=novalue"}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ForwardingOptions.parse(new String[] {"--warm-up=-1"}))
                .hasMessageContaining("warm-up");
        assertThatThrownBy(() -> ForwardingOptions.parse(new String[] {"--tasks=10"}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ForwardingOptions.parse(new String[] {"--speed=fast"}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
