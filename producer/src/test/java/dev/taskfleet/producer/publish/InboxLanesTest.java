package dev.taskfleet.producer.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskfleet.contract.Priority;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.kafka.LaneCluster;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;

class InboxLanesTest {

    private static final TopicNames TOPICS = new TopicNames("fleet");

    /** A cluster in memory: the topics there are, and the lanes created like which topic. */
    private static final class Topics implements LaneCluster {

        final Set<String> names = new HashSet<>(Set.of("fleet.tasks", "fleet.tasks.fast", "fleet.tasks.fast.team-a"));
        final List<String> created = new ArrayList<>();
        boolean refuse;

        @Override
        public Set<String> topicNames() {
            return Set.copyOf(names);
        }

        @Override
        public void createLike(String lane, String template) {
            if (refuse) {
                throw new KafkaException("controller unavailable (test)");
            }
            created.add(lane + " like " + template);
            names.add(lane);
        }
    }

    @Test
    void lanesOffEveryTaskGoesToTheTasksTopicAndNothingIsCreated() {
        Topics cluster = new Topics();
        InboxLanes lanes = new InboxLanes(TOPICS, false, 64, cluster);

        assertThat(lanes.topicFor("team-a", Priority.INTERACTIVE)).isEqualTo("fleet.tasks");
        assertThat(cluster.created).isEmpty();
    }

    @Test
    void lanesOnEachTeamAndClassGetsALaneMadeLikeTheTasksTopicOnce() {
        Topics cluster = new Topics();
        InboxLanes lanes = new InboxLanes(TOPICS, true, 64, cluster);

        assertThat(lanes.topicFor("team-a", Priority.STANDARD)).isEqualTo("fleet.inbox.team-a");
        assertThat(lanes.topicFor("team-a", Priority.STANDARD)).isEqualTo("fleet.inbox.team-a");
        assertThat(lanes.topicFor("team-a", Priority.BULK)).isEqualTo("fleet.inbox.team-a.bulk");
        assertThat(lanes.topicFor("team-b", Priority.STANDARD)).isEqualTo("fleet.inbox.team-b");

        assertThat(cluster.created).containsExactly("fleet.inbox.team-a like fleet.tasks",
                "fleet.inbox.team-a.bulk like fleet.tasks", "fleet.inbox.team-b like fleet.tasks");
    }

    @Test
    void aLaneAnotherReplicaMadeIsUsedWithoutCreatingItAgain() {
        Topics cluster = new Topics();
        cluster.names.add("fleet.inbox.team-a");
        InboxLanes lanes = new InboxLanes(TOPICS, true, 64, cluster);

        assertThat(lanes.topicFor("team-a", Priority.STANDARD)).isEqualTo("fleet.inbox.team-a");
        assertThat(cluster.created).isEmpty();
    }

    @Test
    void pastTheBoundAClassWithoutALaneSharesTheTeamsStandardLaneAndANewTeamTheTasksTopic() {
        Topics cluster = new Topics();
        InboxLanes lanes = new InboxLanes(TOPICS, true, 2, cluster);
        lanes.topicFor("team-a", Priority.STANDARD);
        lanes.topicFor("team-b", Priority.INTERACTIVE);

        assertThat(lanes.topicFor("team-a", Priority.BULK)).isEqualTo("fleet.inbox.team-a");
        assertThat(lanes.topicFor("team-b", Priority.BULK)).as("team-b has no standard lane").isEqualTo("fleet.tasks");
        assertThat(lanes.topicFor("team-c", Priority.STANDARD)).isEqualTo("fleet.tasks");
        assertThat(lanes.topicFor("team-b", Priority.INTERACTIVE)).isEqualTo("fleet.inbox.team-b.interactive");
        assertThat(cluster.created).hasSize(2);
    }

    @Test
    void aLaneThisProducerMadeIsNewUntilABatchHasWrittenToEachPartitionAndOneItFoundIsNot() {
        Topics cluster = new Topics();
        cluster.names.add("fleet.inbox.team-b");
        InboxLanes lanes = new InboxLanes(TOPICS, true, 64, cluster);
        TaskTopics teamA = lanes.forTeam("team-a");
        TaskTopics teamB = lanes.forTeam("team-b");

        String made = teamA.topicFor(Priority.STANDARD);
        String found = teamB.topicFor(Priority.STANDARD);

        assertThat(teamA.isNew(made)).isTrue();
        assertThat(teamB.isNew(found)).as("made by another replica, or before this one started").isFalse();
        teamA.established(made);
        assertThat(lanes.forTeam("team-a").isNew(made)).isFalse();
        assertThat(lanes.forTeam("team-c").isNew(TOPICS.tasks())).isFalse();
    }

    @Test
    void aLaneThatCannotBeCreatedFailsAndIsTriedAgainNextTime() {
        Topics cluster = new Topics();
        InboxLanes lanes = new InboxLanes(TOPICS, true, 64, cluster);
        cluster.refuse = true;

        assertThatThrownBy(() -> lanes.topicFor("team-a", Priority.STANDARD)).isInstanceOf(KafkaException.class);
        cluster.refuse = false;
        assertThat(lanes.topicFor("team-a", Priority.STANDARD)).isEqualTo("fleet.inbox.team-a");
    }

    @Test
    void aTeamsTasksAreReadBackFromTheTasksTopicAndItsOwnLanesOnly() {
        Topics cluster = new Topics();
        cluster.names.addAll(Set.of("fleet.inbox.team-a", "fleet.inbox.team-a.bulk", "fleet.inbox.team-ab",
                "fleet.inbox.team-b"));
        InboxLanes lanes = new InboxLanes(TOPICS, false, 64, cluster);

        assertThat(lanes.topicsOf("team-a")).as("lanes off today, lanes made earlier still read")
                .containsExactly("fleet.tasks", "fleet.inbox.team-a", "fleet.inbox.team-a.bulk");
    }

    @Test
    void aNegativeBoundOrAPrefixTooLongForLaneNamesIsRefusedWithLanesOn() {
        assertThatThrownBy(() -> new InboxLanes(TOPICS, true, -1, new Topics()))
                .hasMessageContaining("taskfleet.producer.lanes.max");
        TopicNames tooLong = new TopicNames("p".repeat(134));
        assertThatThrownBy(() -> new InboxLanes(tooLong, true, 64, new Topics())).hasMessageContaining("use at most 133");
        assertThat(new InboxLanes(tooLong, false, 64, new Topics()).topicFor("team-a", Priority.STANDARD))
                .isEqualTo(tooLong.tasks());
    }
}
