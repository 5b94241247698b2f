package dev.taskfleet.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Lane names are derived, validated and matched so a tier's workers read its lanes and nothing else. */
class TopicNamesTest {

    private final TopicNames topics = new TopicNames("fleet.eu");

    @Test
    void aLaneIsTheTierTopicAndTheTeam() {
        assertThat(topics.lane("fast", "team-a")).isEqualTo("fleet.eu.tasks.fast.team-a");
    }

    @Test
    void aTeamsStandardWorkKeepsItsLaneAndTheOtherClassesGetOneEach() {
        assertThat(topics.lane("fast", "team-a", Priority.STANDARD)).isEqualTo("fleet.eu.tasks.fast.team-a");
        assertThat(topics.lane("fast", "team-a", Priority.INTERACTIVE))
                .isEqualTo("fleet.eu.tasks.fast.team-a.interactive");
        assertThat(topics.lane("fast", "team-a", Priority.BULK)).isEqualTo("fleet.eu.tasks.fast.team-a.bulk");
    }

    @Test
    void aTeamThatCannotBePartOfATopicNameIsRefusedByName() {
        assertThatThrownBy(() -> topics.lane("fast", "Team_A"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("team name 'Team_A'");
    }

    @Test
    void theTierPatternMatchesTheTierTopicAndItsLanesOnly() {
        Pattern fast = topics.tierLanes("fast");

        assertThat(fast.matcher("fleet.eu.tasks.fast").matches()).isTrue();
        assertThat(fast.matcher("fleet.eu.tasks.fast.team-a").matches()).isTrue();
        assertThat(fast.matcher("fleet.eu.tasks.fast.team-a.interactive").matches()).isTrue();
        assertThat(fast.matcher("fleet.eu.tasks.fast.team-a.bulk").matches()).isTrue();
        assertThat(fast.matcher("fleet.eu.tasks.fast.team-a.urgent").matches()).isFalse();
        assertThat(fast.matcher("fleet.eu.tasks.fast.team-a.bulk.x").matches()).isFalse();
        assertThat(fast.matcher("fleet.eu.tasks.fast-eu").matches()).isFalse();
        assertThat(fast.matcher("fleet.eu.tasks.fast-eu.team-a").matches()).isFalse();
        assertThat(fast.matcher("fleet.eu.tasks").matches()).isFalse();
        assertThat(fast.matcher("fleetXeu.tasks.fast").matches()).as("the prefix's dot is literal").isFalse();
        assertThat(fast.matcher("other.tasks.fast.team-a").matches()).isFalse();
    }

    @Test
    void lanesFitUnderKafkasNameLimitOnlyWithAShortEnoughPrefix() {
        assertThat(topics.lanesFit()).isTrue();
        assertThat(new TopicNames("p".repeat(133)).lanesFit()).isTrue();
        assertThat(new TopicNames("p".repeat(134)).lanesFit()).isFalse();
        String longest = new TopicNames("p".repeat(133)).lane("t".repeat(32), "a".repeat(64), Priority.INTERACTIVE);
        assertThat(longest).hasSize(249);
    }

    @Test
    void aTeamsInboxLanesAreApartFromTheTierTopicsAndTheRouterReadsThemWithItsOtherInputs() {
        assertThat(topics.inbox("team-a", Priority.STANDARD)).isEqualTo("fleet.eu.inbox.team-a");
        assertThat(topics.inbox("team-a", Priority.BULK)).isEqualTo("fleet.eu.inbox.team-a.bulk");
        assertThat(topics.inbox("fast", Priority.INTERACTIVE)).as("a team named like a tier")
                .isEqualTo("fleet.eu.inbox.fast.interactive");
        assertThatThrownBy(() -> topics.inbox("Team A", Priority.STANDARD)).hasMessageContaining("team name 'Team A'");

        Pattern router = topics.routerInputs();
        assertThat(router.matcher("fleet.eu.tasks").matches()).isTrue();
        assertThat(router.matcher("fleet.eu.escalations").matches()).isTrue();
        assertThat(router.matcher("fleet.eu.inbox.team-a").matches()).isTrue();
        assertThat(router.matcher("fleet.eu.inbox.team-a.interactive").matches()).isTrue();
        assertThat(router.matcher("fleet.eu.inbox.team-a.urgent").matches()).isFalse();
        assertThat(router.matcher("fleet.eu.tasks.fast").matches()).as("its own output").isFalse();
        assertThat(router.matcher("fleet.eu.tasks.fast.team-a").matches()).isFalse();
        assertThat(router.matcher("fleet.eu.results").matches()).isFalse();
        assertThat(router.matcher("other.inbox.team-a").matches()).isFalse();
        assertThat(router.matcher("fleetXeu.tasks").matches()).as("the prefix's dot is literal").isFalse();
        assertThat(router.matcher("fleet.euXinbox.team-a").matches()).isFalse();

        Pattern teamA = topics.inboxesOf("team-a");
        assertThat(teamA.matcher("fleet.eu.inbox.team-a").matches()).isTrue();
        assertThat(teamA.matcher("fleet.eu.inbox.team-a.bulk").matches()).isTrue();
        assertThat(teamA.matcher("fleet.eu.inbox.team-ab").matches()).isFalse();
        assertThat(teamA.matcher("fleet.eu.inbox.team-b").matches()).isFalse();
    }
}
