package dev.taskfleet.producer.publish;

import dev.taskfleet.contract.Priority;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.kafka.LaneCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Which topic a team's submitted tasks go to: with lanes on, the team's inbox lane of the task's
 * class ({@code <prefix>.inbox.<team>}, {@code .interactive}, {@code .bulk}), created the first
 * time such a task is published; with lanes off, or once {@code max} lanes exist,
 * {@code <prefix>.tasks}. The router reads all of them, so a team's tasks are not queued behind
 * another team's upload.
 *
 * <p>A lane must exist before the producer writes to it: a send to a missing topic waits
 * {@code max.block.ms} and fails. A lane that cannot be created throws the cluster's
 * {@code KafkaException}, and the upload is answered 503 before any of its tasks is sent there.
 * The lanes that exist are read from the cluster on first use and then kept; another replica's
 * lane is found when this one first wants it (creating an existing topic leaves it as it is). So
 * the bound counts the lanes this replica knows: several replicas making lanes at once may make a
 * few more. A lane deleted while the producer runs is not noticed: uploads to it fail (503) until
 * the producer restarts. Thread-safe: uploads run on many request threads, each asks once per
 * class it has, and only the making of a lane holds the others back.
 */
public final class InboxLanes {

    private static final Logger LOG = Logger.getLogger(InboxLanes.class);

    private final TopicNames topics;
    private final boolean enabled;
    private final int max;
    private final LaneCluster cluster;
    private final Pattern anyInbox;
    private volatile Set<String> known;
    /** Lanes this producer made that no batch has written to every partition of yet. */
    private final Set<String> unestablished = ConcurrentHashMap.newKeySet();
    /** Guarded by this. */
    private boolean fullLogged;

    /**
     * @param max the most inbox lanes, all teams and classes together
     * @throws IllegalArgumentException when {@code max} is negative or lane names would not fit the prefix
     */
    public InboxLanes(TopicNames topics, boolean enabled, int max, LaneCluster cluster) {
        if (enabled) {
            topics.requireLanesFit();
        }
        if (max < 0) {
            throw new IllegalArgumentException("taskfleet.producer.lanes.max must be 0 or more, not " + max);
        }
        this.topics = topics;
        this.enabled = enabled;
        this.max = max;
        this.cluster = cluster;
        this.anyInbox = topics.inboxes();
    }

    /**
     * The topic for a task of {@code team} and {@code priority}: the team's lane of that class,
     * created first if needed; once {@code max} lanes exist, a class without a lane goes to the
     * team's standard lane if it has one, else to {@code <prefix>.tasks}.
     */
    public String topicFor(String team, Priority priority) {
        if (!enabled) {
            return topics.tasks();
        }
        String lane = topics.inbox(team, priority);
        // Known lanes without the lock: only making one waits for another upload's making.
        if (known().contains(lane)) {
            return lane;
        }
        synchronized (this) {
            if (known.contains(lane)) {
                return lane;
            }
            if (known.stream().filter(t -> anyInbox.matcher(t).matches()).count() >= max) {
                if (!fullLogged) {
                    fullLogged = true;
                    LOG.warnf("%d inbox lanes exist, the most taskfleet.producer.lanes.max allows; teams and classes "
                            + "without a lane share %s", max, topics.tasks());
                }
                String standardLane = topics.inbox(team, Priority.STANDARD);
                return known.contains(standardLane) ? standardLane : topics.tasks();
            }
            cluster.createLike(lane, topics.tasks());
            known.add(lane);
            unestablished.add(lane);
        }
        LOG.infof("inbox lane %s created for team %s (%s)", lane, team, priority.wireName());
        return lane;
    }

    /**
     * The topics of one team's batch: {@link #topicFor} with the team, and the lanes this producer
     * made that no batch has yet written to every partition of ({@link TaskTopics} says why).
     */
    TaskTopics forTeam(String team) {
        return new TaskTopics() {
            @Override
            public String topicFor(Priority priority) {
                return InboxLanes.this.topicFor(team, priority);
            }

            @Override
            public boolean isNew(String topic) {
                return unestablished.contains(topic);
            }

            @Override
            public void established(String topic) {
                unestablished.remove(topic);
            }
        };
    }

    /** The topics this producer knows: the cluster's when first asked, and the lanes it made since. */
    private Set<String> known() {
        Set<String> read = known;
        if (read == null) {
            synchronized (this) {
                if (known == null) {
                    Set<String> listed = ConcurrentHashMap.newKeySet();
                    listed.addAll(cluster.topicNames());
                    known = listed;
                }
                read = known;
            }
        }
        return read;
    }

    /**
     * Every topic a task of {@code team} may have been published to: {@code <prefix>.tasks} and
     * the team's inbox lanes the cluster has now (whoever made them, lanes on or off today), for
     * reading a batch's tasks back.
     */
    public List<String> topicsOf(String team) {
        List<String> found = new ArrayList<>();
        found.add(topics.tasks());
        Pattern ofTeam = topics.inboxesOf(team);
        cluster.topicNames().stream().filter(t -> ofTeam.matcher(t).matches()).sorted().forEach(found::add);
        return found;
    }
}
