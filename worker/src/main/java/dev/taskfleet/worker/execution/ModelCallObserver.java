package dev.taskfleet.worker.execution;

import java.time.Duration;

/** Told about every model call when it ends; the metrics adapter listens here. */
@FunctionalInterface
public interface ModelCallObserver {

    ModelCallObserver NONE = (succeeded, elapsed) -> {
    };

    void callFinished(boolean succeeded, Duration elapsed);
}
