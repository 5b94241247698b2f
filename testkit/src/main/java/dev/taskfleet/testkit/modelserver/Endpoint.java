package dev.taskfleet.testkit.modelserver;

import java.util.function.UnaryOperator;

/**
 * One path of a provider's API as the {@link ScriptedModelServer} serves it: where it is, how to
 * find the prompt in a request body (so scripts can match on it), and what it answers when nothing
 * more specific was scripted. A provider contributes one per path it needs, e.g.
 * {@link OpenAiChat#COMPLETIONS}.
 *
 * @param path          the exact request path, e.g. {@code /v1/chat/completions}
 * @param promptOf      reads the prompt from a request body; must not throw
 * @param defaultAnswer the answer when no script matches
 */
public record Endpoint(String path, UnaryOperator<String> promptOf, Reply defaultAnswer) {

    /** A path with no notion of a prompt (scripts match on the whole body) that answers 501 until scripted. */
    public static Endpoint plain(String path) {
        return new Endpoint(path, UnaryOperator.identity(),
                Reply.json(501, "{\"error\":{\"message\":\"nothing scripted for " + path + "\"}}"));
    }
}
