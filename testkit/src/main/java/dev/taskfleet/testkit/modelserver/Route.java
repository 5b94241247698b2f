package dev.taskfleet.testkit.modelserver;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The script of one {@link Endpoint} on a {@link ScriptedModelServer}. A request is answered by
 * the first of these that applies:
 * <ol>
 *   <li>a {@link #refuseUnless requirement} it does not meet (a missing key, a missing header);</li>
 *   <li>the next {@link #then queued reply}, in order;</li>
 *   <li>the first {@link #whenPromptContains prompt rule} its prompt matches;</li>
 *   <li>the {@link #otherwise fallback}, by default the endpoint's own answer.</li>
 * </ol>
 * Thread-safe: the server answers requests concurrently.
 */
public final class Route {

    private record Requirement(Predicate<RecordedRequest> condition, Reply refusal) {
    }

    /** Replies for prompts containing a fragment, counted per distinct prompt. */
    private record PromptRule(String fragment, List<Reply> replies, Map<String, Integer> seen) {

        Reply replyTo(String prompt) {
            int nth = seen.merge(prompt, 1, Integer::sum) - 1;
            return replies.get(Math.min(nth, replies.size() - 1));
        }
    }

    private final Endpoint endpoint;
    private final List<Requirement> requirements = new ArrayList<>();
    private final Deque<Reply> queue = new ArrayDeque<>();
    private final List<PromptRule> promptRules = new ArrayList<>();
    private final List<RecordedRequest> requests = new ArrayList<>();
    private Function<RecordedRequest, Reply> fallback;

    Route(Endpoint endpoint) {
        this.endpoint = endpoint;
        Reply defaultAnswer = endpoint.defaultAnswer();
        this.fallback = request -> defaultAnswer;
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /** Answers every request that does not meet {@code condition} with {@code refusal}, before anything else. */
    public synchronized Route refuseUnless(Predicate<RecordedRequest> condition, Reply refusal) {
        requirements.add(new Requirement(condition, refusal));
        return this;
    }

    /** Queues replies, one per request, in order, ahead of prompt rules and the fallback. */
    public synchronized Route then(Reply... replies) {
        queue.addAll(List.of(replies));
        return this;
    }

    /**
     * Answers requests whose prompt contains {@code fragment}: each distinct such prompt gets
     * {@code first} the first time, the next of {@code then} each time it comes again, and the
     * last reply from then on. {@code whenPromptContains("flaky", error503, ok)} makes every
     * flaky prompt fail once and succeed on its retry.
     */
    public synchronized Route whenPromptContains(String fragment, Reply first, Reply... then) {
        List<Reply> replies = new ArrayList<>();
        replies.add(first);
        replies.addAll(List.of(then));
        promptRules.add(new PromptRule(fragment, List.copyOf(replies), new HashMap<>()));
        return this;
    }

    /** How to answer when nothing above applies. */
    public synchronized Route otherwise(Function<RecordedRequest, Reply> answer) {
        this.fallback = answer;
        return this;
    }

    /** The requests this route received, in arrival order. */
    public synchronized List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    synchronized Reply answer(RecordedRequest request) {
        requests.add(request);
        for (Requirement requirement : requirements) {
            if (!requirement.condition().test(request)) {
                return requirement.refusal();
            }
        }
        if (!queue.isEmpty()) {
            return queue.pollFirst();
        }
        for (PromptRule rule : promptRules) {
            if (request.prompt().contains(rule.fragment())) {
                return rule.replyTo(request.prompt());
            }
        }
        return fallback.apply(request);
    }
}
