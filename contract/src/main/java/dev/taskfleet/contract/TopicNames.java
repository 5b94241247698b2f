package dev.taskfleet.contract;

import java.util.regex.Pattern;

/**
 * Every topic name the fleet uses, derived from one prefix so that several fleets can share a
 * cluster: {@code <prefix>.tasks}, {@code <prefix>.tasks.<tier>}, the tier's lanes
 * {@code <prefix>.tasks.<tier>.<team>}, the teams' inbox lanes {@code <prefix>.inbox.<team>},
 * {@code <prefix>.results}, {@code <prefix>.escalations}, {@code <prefix>.batches},
 * {@code <prefix>.provider-batches} and {@code <prefix>.dlq}.
 *
 * @param prefix the common prefix, {@code taskfleet} by default
 */
public record TopicNames(String prefix) {

    public static final String DEFAULT_PREFIX = "taskfleet";

    /** Kafka's legal topic characters, minus nothing; a tier name must also be a legal topic part. */
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]+");
    private static final Pattern TIER = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    /** A non-standard class's suffix on a lane name; team names have no dots, so it cannot be a team. */
    private static final String CLASS_SUFFIX = "(\\.(" + Priority.INTERACTIVE.wireName() + "|" + Priority.BULK.wireName() + "))";
    /** A lane's team (the rule of {@link NameSyntax#isTeam}) and optional class after its base name. */
    private static final String TEAM_AND_CLASS = "\\.[a-z0-9][a-z0-9-]{0,63}" + CLASS_SUFFIX + "?";
    /** Inbox lanes are {@code <prefix>.inbox.<team>}; shorter than a tier lane, so {@link #lanesFit()} covers them. */
    private static final String INBOX = ".inbox";
    /** Kafka refuses longer topic names. */
    private static final int MAX_TOPIC_NAME = 249;
    /**
     * The longest lane: {@code .tasks.}, a 32-character tier, a dot, a 64-character team and the
     * longest priority suffix, {@code .interactive}.
     */
    private static final int LONGEST_LANE_SUFFIX = ".tasks.".length() + 32 + 1 + 64 + 1
            + Priority.INTERACTIVE.wireName().length();

    public TopicNames {
        if (prefix == null || prefix.isEmpty() || prefix.length() > 200 || !LEGAL.matcher(prefix).matches()) {
            throw new IllegalArgumentException("topic prefix '" + prefix
                    + "' is not usable: it must be 1-200 characters of a-z, A-Z, 0-9, '.', '_' or '-'");
        }
    }

    public String tasks() {
        return prefix + ".tasks";
    }

    public String tier(String tier) {
        requireValidTier(tier);
        return prefix + ".tasks." + tier;
    }

    /**
     * The lane of one team on a tier: the tier's tasks of that team alone, so a worker can read
     * one team's tasks without reading (and holding) another team's backlog first.
     *
     * @throws IllegalArgumentException when the tier or team is not usable in a topic name
     */
    public String lane(String tier, String team) {
        return lane(tier, team, Priority.STANDARD);
    }

    /**
     * The lane of one team's tasks of one priority on a tier: {@code <prefix>.tasks.<tier>.<team>}
     * for {@link Priority#STANDARD} (the lane as it was before priorities), with
     * {@code .interactive} or {@code .bulk} appended for the others, so a team's urgent work is
     * never stuck behind its own bulk backlog in one partition. Team names have no dots, so the
     * suffix cannot be mistaken for a team.
     *
     * @throws IllegalArgumentException when the tier or team is not usable in a topic name
     */
    public String lane(String tier, String team, Priority priority) {
        return withClass(tier(tier) + "." + requireLaneTeam(team), priority);
    }

    /**
     * A team's inbox lane of one class, which the producer writes the team's submitted tasks to
     * when lanes are on: {@code <prefix>.inbox.<team>} for {@link Priority#STANDARD}, with
     * {@code .interactive} or {@code .bulk} appended for the others. The router reads every inbox
     * lane beside {@link #tasks()}, and a Kafka consumer fetches from each assigned partition that
     * has data, so one team's tasks are routed within a poll whatever another team's backlog.
     * Not {@code <prefix>.tasks.<team>}: that is where tier topics live, and a team may be named
     * like a tier.
     *
     * @throws IllegalArgumentException when the team is not usable in a topic name
     */
    public String inbox(String team, Priority priority) {
        return withClass(prefix + INBOX + "." + requireLaneTeam(team), priority);
    }

    /** Matches every team's inbox lanes, every class, and nothing else. */
    public Pattern inboxes() {
        return Pattern.compile(Pattern.quote(prefix + INBOX) + TEAM_AND_CLASS);
    }

    /** Matches the inbox lanes of one team, every class. */
    public Pattern inboxesOf(String team) {
        return Pattern.compile(Pattern.quote(inbox(team, Priority.STANDARD)) + CLASS_SUFFIX + "?");
    }

    /**
     * What the router reads: {@link #tasks()}, {@link #escalations()} and every inbox lane, as one
     * pattern so that a lane created after the router started is read from the next metadata
     * refresh on, whether or not the producer writes lanes.
     */
    public Pattern routerInputs() {
        return Pattern.compile(Pattern.quote(tasks()) + "|" + Pattern.quote(escalations()) + "|" + inboxes().pattern());
    }

    private static String withClass(String lane, Priority priority) {
        return priority == null || priority == Priority.STANDARD ? lane : lane + "." + priority.wireName();
    }

    private static String requireLaneTeam(String team) {
        if (team == null || !NameSyntax.isTeam(team)) {
            throw new IllegalArgumentException("team name '" + team
                    + "' is not usable in a lane: it must be 1-64 characters of a-z, 0-9 or '-', starting with a letter or digit");
        }
        return team;
    }

    /**
     * Matches the tier topic and every lane of the tier (every team, every priority), and nothing
     * else: not another tier's topic (tier names have no dots, so {@code fast} never matches
     * {@code fast-eu}).
     */
    public Pattern tierLanes(String tier) {
        return Pattern.compile(Pattern.quote(tier(tier)) + "(" + TEAM_AND_CLASS + ")?");
    }

    /** {@code true} when every lane name fits Kafka's topic name limit under this prefix. */
    public boolean lanesFit() {
        return prefix.length() + LONGEST_LANE_SUFFIX <= MAX_TOPIC_NAME;
    }

    /**
     * For a service that makes lanes: refuses a prefix under which some lane names would not fit.
     *
     * @throws IllegalArgumentException naming the prefix and the longest that fits
     */
    public void requireLanesFit() {
        if (!lanesFit()) {
            throw new IllegalArgumentException("topic prefix '" + prefix
                    + "' is too long for lanes: lane names would exceed Kafka's " + MAX_TOPIC_NAME
                    + " characters; use at most " + (MAX_TOPIC_NAME - LONGEST_LANE_SUFFIX));
        }
    }

    public String results() {
        return prefix + ".results";
    }

    /** Workers' requests to run a failed task on a stronger tier; read by the router. */
    public String escalations() {
        return prefix + ".escalations";
    }

    /** Batch lifecycle events (accepted, retried, cancelled); read by producers and workers. */
    public String batches() {
        return prefix + ".batches";
    }

    /**
     * What the workers of batch tiers have handed to a provider's batch API and not yet finished:
     * compacted; one {@link ProviderBatch} record per provider batch and one
     * {@link ProviderBatchRequest} per request in it.
     */
    public String providerBatches() {
        return prefix + ".provider-batches";
    }

    /**
     * The producer's checkpoints of its batch tracking: one partition, compacted and deleted after
     * a week; each replica writes its whole tracking state there now and then, in chunks, so that a
     * new replica starts from the newest one instead of reading {@link #results()} from the
     * beginning. Nothing else reads it.
     */
    public String trackerCheckpoints() {
        return prefix + ".tracker-checkpoints";
    }

    public String deadLetters() {
        return prefix + ".dlq";
    }

    /**
     * Tier names become part of topic names, consumer group ids and metric tags, so they are
     * restricted to lower-case letters, digits and dashes.
     */
    public static String requireValidTier(String tier) {
        if (tier == null || !TIER.matcher(tier).matches()) {
            throw new IllegalArgumentException("tier name '" + tier
                    + "' is not usable: it must be 1-32 characters of a-z, 0-9 or '-', starting with a letter or digit");
        }
        return tier;
    }
}
