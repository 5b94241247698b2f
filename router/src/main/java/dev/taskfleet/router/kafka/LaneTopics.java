package dev.taskfleet.router.kafka;

import dev.taskfleet.contract.Priority;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.kafka.LaneCluster;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.common.KafkaException;
import org.jboss.logging.Logger;

/**
 * Which topic a task goes to on its tier: with lanes on, the lane of its team and priority
 * ({@code <prefix>.tasks.<tier>.<team>}, with {@code .interactive} or {@code .bulk} for those
 * classes), created the first time such a task reaches the tier; with lanes off, or once the tier
 * has {@code maxPerTier} lanes, the tier topic.
 *
 * <p>The lane must exist before the transactional producer writes to it (brokers do not
 * auto-create topics in a well-run cluster, and a send to a missing topic blocks the loop for
 * {@code max.block.ms}). A lane that cannot be created throws a {@link KafkaException}, so the
 * forwarding transaction aborts and is retried like any other Kafka failure: nothing is placed on
 * the wrong topic and nothing is skipped.
 *
 * <p>The lanes that exist are read from the cluster once, on first use, and then kept: the bound
 * counts lanes any router made. Used on the forwarding loop's thread only.
 */
final class LaneTopics {

    private static final Logger LOG = Logger.getLogger(LaneTopics.class);

    private final TopicNames topics;
    private final boolean enabled;
    private final int maxPerTier;
    private final LaneCluster cluster;
    private Set<String> known;
    private final Set<String> fullTiers = new HashSet<>();

    LaneTopics(TopicNames topics, boolean enabled, int maxPerTier, LaneCluster cluster) {
        if (enabled) {
            topics.requireLanesFit();
        }
        if (maxPerTier < 0) {
            throw new IllegalArgumentException("taskfleet.router.lanes.max-per-tier must be 0 or more, not " + maxPerTier);
        }
        this.topics = topics;
        this.enabled = enabled;
        this.maxPerTier = maxPerTier;
        this.cluster = cluster;
    }

    /** The topic for a standard-priority task of {@code team} on {@code tier}, its lane created first if needed. */
    String topicFor(String tier, String team) {
        return topicFor(tier, team, Priority.STANDARD);
    }

    /**
     * The topic for a task of {@code team} and {@code priority} on {@code tier}: the lane of that
     * team and class, created first if needed. Once the tier has {@code maxPerTier} lanes, a class
     * without a lane goes to the team's standard lane if it has one, else to the tier topic.
     */
    String topicFor(String tier, String team, Priority priority) {
        if (!enabled) {
            return topics.tier(tier);
        }
        String lane = topics.lane(tier, team, priority);
        if (known == null) {
            known = new HashSet<>(cluster.topicNames());
        }
        if (known.contains(lane)) {
            return lane;
        }
        if (lanesOf(tier) >= maxPerTier) {
            if (fullTiers.add(tier)) {
                LOG.warnf("tier %s has %d lanes, the most taskfleet.router.lanes.max-per-tier allows; "
                        + "teams and priorities without a lane share %s", tier, maxPerTier, topics.tier(tier));
            }
            String standardLane = topics.lane(tier, team);
            return known.contains(standardLane) ? standardLane : topics.tier(tier);
        }
        cluster.createLike(lane, topics.tier(tier));
        known.add(lane);
        LOG.infof("lane %s created for team %s (%s) on tier %s", lane, team, priority.wireName(), tier);
        return lane;
    }

    private long lanesOf(String tier) {
        Pattern ofTier = topics.tierLanes(tier);
        String tierTopic = topics.tier(tier);
        return known.stream().filter(t -> !t.equals(tierTopic) && ofTier.matcher(t).matches()).count();
    }
}
