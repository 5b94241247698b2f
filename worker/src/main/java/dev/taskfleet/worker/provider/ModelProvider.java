package dev.taskfleet.worker.provider;

import java.util.concurrent.CompletionStage;

/**
 * Runs one prompt against one model.
 *
 * <p>Implementations must not block the calling thread: the worker keeps many calls in flight at
 * once, and a thread per call would cap concurrency at the thread count. A failed call completes
 * the stage exceptionally with a {@link ModelCallException}; implementations may also throw one
 * directly for requests they refuse outright (an unknown model, say).
 */
@FunctionalInterface
public interface ModelProvider {

    CompletionStage<ModelResponse> complete(ModelRequest request);
}
