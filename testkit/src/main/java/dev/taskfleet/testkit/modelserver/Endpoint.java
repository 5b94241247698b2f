package dev.taskfleet.testkit.modelserver;

import java.util.function.UnaryOperator;

/**
 * One path of a provider's API as the {@link ScriptedModelServer} serves it: where it is, how to
 * find the prompt in a request body (so scripts can match on it), and what it answers when nothing
 * more specific was scripted. A provider contributes one per path it needs, e.g.
 * {@link OpenAiChat#COMPLETIONS}; an API with ids in its paths ({@code /v1/batches/{id}}) routes
 * everything below a path to one endpoint ({@link #under}).
 *
 * @param path          the request path, e.g. {@code /v1/chat/completions}; with {@code subtree},
 *                      the path every request below it starts with
 * @param promptOf      reads the prompt from a request body; must not throw
 * @param defaultAnswer the answer when no script matches
 * @param subtree       whether the endpoint also serves every path below {@code path}
 */
public record Endpoint(String path, UnaryOperator<String> promptOf, Reply defaultAnswer, boolean subtree) {

    /** Exactly {@code path}. */
    public Endpoint(String path, UnaryOperator<String> promptOf, Reply defaultAnswer) {
        this(path, promptOf, defaultAnswer, false);
    }

    /** {@code path} and every path below it ({@code path + "/..."}); an exact route of a longer path wins. */
    public static Endpoint under(String path, UnaryOperator<String> promptOf, Reply defaultAnswer) {
        return new Endpoint(path, promptOf, defaultAnswer, true);
    }

    /** Whether a request to {@code requestPath} is this endpoint's. */
    public boolean serves(String requestPath) {
        return path.equals(requestPath) || subtree && requestPath.startsWith(path + "/");
    }

    /** A path with no notion of a prompt (scripts match on the whole body) that answers 501 until scripted. */
    public static Endpoint plain(String path) {
        return new Endpoint(path, UnaryOperator.identity(),
                Reply.json(501, "{\"error\":{\"message\":\"nothing scripted for " + path + "\"}}"));
    }
}
