package dev.taskfleet.kafka;

import java.util.Set;

/**
 * The cluster as far as lanes need it: which topics exist, and a lane created like the topic it
 * splits. The router's tier lanes and the producer's inbox lanes are made through it; an
 * {@link AdminLaneCluster} in production, a set in memory in unit tests.
 */
public interface LaneCluster {

    /** Every topic name in the cluster. */
    Set<String> topicNames();

    /**
     * Creates {@code lane} like {@code template} (partitions, max.message.bytes); an existing lane
     * is left as it is.
     */
    void createLike(String lane, String template);
}
