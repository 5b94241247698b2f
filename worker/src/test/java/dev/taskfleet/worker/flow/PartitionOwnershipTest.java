package dev.taskfleet.worker.flow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PartitionOwnershipTest {

    private final PartitionOwnership ownership = new PartitionOwnership();

    @Test
    void aLeaseEndsWhenItsPartitionIsHandedOverAndOnlyThen() {
        PartitionOwnership.Lease onZero = ownership.lease("tasks.fast", 0);
        PartitionOwnership.Lease onOne = ownership.lease("tasks.fast", 1);
        PartitionOwnership.Lease onLane = ownership.lease("tasks.fast.team-a", 0);

        ownership.handOver("tasks.fast", 0);

        assertThat(onZero.held()).isFalse();
        assertThat(onOne.held()).as("another partition of the topic").isTrue();
        assertThat(onLane.held()).as("the same partition number of another topic").isTrue();
    }

    @Test
    void aLeaseStaysEndedWhenThePartitionComesBackWhileANewLeaseHolds() {
        PartitionOwnership.Lease before = ownership.lease("tasks.fast", 0);
        ownership.handOver("tasks.fast", 0);
        PartitionOwnership.Lease after = ownership.lease("tasks.fast", 0);

        assertThat(before.held()).as("its record is read again from the committed offset").isFalse();
        assertThat(after.held()).isTrue();
    }
}
