package dev.taskfleet.worker.batch;

import dev.taskfleet.worker.provider.ModelCallException;

/**
 * A submission that failed before the provider could have created a batch (OpenAI's upload of the
 * batch file, which comes before the create call): whatever the failure, a timeout or a dropped
 * connection included, the provider holds no batch of it, so it can be sent again without looking
 * for it at the provider first. Keeps the failure's code, whether it may succeed if sent again, and
 * the wait the provider asked for.
 */
public final class BatchNotCreatedException extends ModelCallException {

    public BatchNotCreatedException(ModelCallException failure) {
        super(failure.code(), "no provider batch was created: " + failure.getMessage(), failure.retryable(),
                failure.retryAfter().orElse(null), failure);
    }
}
