package dev.taskfleet.producer.team;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskfleet.contract.InvalidTaskException;
import dev.taskfleet.contract.Priority;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TeamPrioritiesTest {

    private final TeamPriorities lowOnly = new TeamPriorities(EnumSet.of(Priority.STANDARD, Priority.BULK), 2);

    @Test
    void aClassTheTeamMayNotUseIsRefusedNamingTheFieldTheTeamAndWhatItMayUse() {
        assertThatThrownBy(() -> lowOnly.check("x", Priority.INTERACTIVE))
                .isInstanceOf(InvalidTaskException.class)
                .hasMessage("field 'priority': team 'x' may not use priority 'interactive'; it may use standard, bulk");
    }

    @Test
    void aClassTheTeamMayUsePasses() throws Exception {
        lowOnly.check("x", Priority.BULK);
        TeamPriorities.ANY.check("x", Priority.INTERACTIVE);
    }

    @Test
    void tasksPastBulkAboveTasksThatNameNoClassAreBulkUnlessTheBatchNamedOne() {
        assertThat(lowOnly.forUnnamed(null, 1)).isNull();
        assertThat(lowOnly.forUnnamed(null, 2)).isNull();
        assertThat(lowOnly.forUnnamed(null, 3)).isEqualTo(Priority.BULK);
        assertThat(lowOnly.forUnnamed(Priority.STANDARD, 3)).isEqualTo(Priority.STANDARD);
        assertThat(TeamPriorities.ANY.forUnnamed(null, 1_000_000)).isNull();
    }

    @Test
    void settingsThatCannotWorkAreRefusedWhenBuilt() {
        assertThatThrownBy(() -> new TeamPriorities(Set.of(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
        assertThatThrownBy(() -> new TeamPriorities(Set.of(Priority.STANDARD), -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bulk-above-tasks must be 0 or more");
        assertThatThrownBy(() -> new TeamPriorities(Set.of(Priority.STANDARD, Priority.INTERACTIVE), 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bulk-above-tasks turns tasks to bulk, so priorities must include bulk; it is "
                        + "interactive, standard");
    }

    @Test
    void aTeamsOwnSettingsReplaceOnlyWhatTheyNameAndABadTeamIsRefusedByName() {
        PriorityPolicy policy = new PriorityPolicy(new TeamPriorities(EnumSet.allOf(Priority.class), 100),
                Map.of("batch-jobs", new PriorityPolicy.Override(Set.of(Priority.BULK), null)));

        assertThat(policy.prioritiesFor("anyone")).isEqualTo(new TeamPriorities(EnumSet.allOf(Priority.class), 100));
        assertThat(policy.prioritiesFor("batch-jobs")).isEqualTo(new TeamPriorities(Set.of(Priority.BULK), 100));
        PriorityPolicy kept = new PriorityPolicy(new TeamPriorities(EnumSet.allOf(Priority.class), 100),
                Map.of("web", new PriorityPolicy.Override(Set.of(Priority.INTERACTIVE, Priority.STANDARD), null)));
        assertThat(kept.prioritiesFor("web").bulkAboveTasks()).as("a team kept from bulk is not turned to it").isNull();
        assertThatThrownBy(() -> new PriorityPolicy(TeamPriorities.ANY,
                Map.of("web", new PriorityPolicy.Override(Set.of(Priority.INTERACTIVE), 5))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("taskfleet.teams.\"web\": bulk-above-tasks turns tasks to bulk");
    }
}
