package dev.taskfleet.producer.progress;

/**
 * The one thing kept per task: its newest counted result's run, status, tier and position in the
 * results topic. About 40 bytes plus the map entry and the id string (see the README's memory
 * bound); prompts and outputs are never held.
 */
final class TaskSlot {

    int run;
    byte status;
    byte tier;
    // Fits the padding after status and tier: no bytes per task beyond what the slot took before.
    byte priority;
    int partition;
    long offset;

    void set(int run, byte status, byte tier, byte priority, int partition, long offset) {
        this.run = run;
        this.status = status;
        this.tier = tier;
        this.priority = priority;
        this.partition = partition;
        this.offset = offset;
    }
}
