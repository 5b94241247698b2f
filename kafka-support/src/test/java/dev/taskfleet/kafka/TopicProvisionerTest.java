package dev.taskfleet.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.testkit.TestBrokers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

class TopicProvisionerTest {

    @Test
    void createsMissingTopicsWithTheConfiguredShapeAndIsIdempotent() throws Exception {
        String bootstrap = TestBrokers.shared().bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicProvisioner provisioner = new TopicProvisioner(admin, Duration.ofSeconds(30));
            List<TopicSpec> specs = List.of(new TopicSpec("prov.a", 3, (short) 1), new TopicSpec("prov.b", 2, (short) 1));

            List<String> first = provisioner.ensure(specs);
            List<String> second = provisioner.ensure(specs);

            assertThat(first).containsExactlyInAnyOrder("prov.a", "prov.b");
            assertThat(second).isEmpty();
            assertThat(admin.describeTopics(List.of("prov.a")).allTopicNames().get().get("prov.a").partitions())
                    .hasSize(3);
        }
    }
}
