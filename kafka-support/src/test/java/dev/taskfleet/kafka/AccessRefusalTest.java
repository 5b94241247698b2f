package dev.taskfleet.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

/** A client's authorization error, however wrapped, names who was refused what on which resource. */
class AccessRefusalTest {

    @Test
    void aRefusedTopicIsNamedWithTheOperationTheClientAttempted() {
        Exception failure = new ExecutionException(new KafkaException("send failed",
                new TopicAuthorizationException(Set.of("tf.tasks"))));

        assertThat(AccessRefusal.of(failure, "WRITE", "User:tf-worker-fast"))
                .containsExactly(new AccessRefusal("User:tf-worker-fast", "WRITE", "topic", "tf.tasks"));
        assertThat(AccessRefusal.of(failure, "WRITE", "User:tf-worker-fast").get(0).describe())
                .isEqualTo("Kafka refused User:tf-worker-fast WRITE on topic tf.tasks");
    }

    @Test
    void aRefusedGroupNeedsRead() {
        assertThat(AccessRefusal.of(GroupAuthorizationException.forGroupId("taskfleet-router"), "WRITE", "User:r"))
                .containsExactly(new AccessRefusal("User:r", "READ", "group", "taskfleet-router"));
    }

    @Test
    void otherFailuresAreNoRefusal() {
        assertThat(AccessRefusal.of(new TimeoutException("broker away"), "READ", "User:p")).isEmpty();
    }

    @Test
    void eachRefusalIsRecordedOnceAndReportedForHealthChecks() {
        AccessRefusals refusals = new AccessRefusals();
        TopicAuthorizationException refused = new TopicAuthorizationException(Set.of("tf.tasks.fast"));

        assertThat(refusals.record(refused, "READ", "User:tf-producer")).isTrue();
        assertThat(refusals.record(refused, "READ", "User:tf-producer")).isTrue();
        assertThat(refusals.record(new TimeoutException("x"), "READ", "User:tf-producer")).isFalse();

        assertThat(refusals.refusals()).hasSize(1);
        assertThat(refusals.reason()).contains("Kafka refused User:tf-producer READ on topic tf.tasks.fast");
    }
}
