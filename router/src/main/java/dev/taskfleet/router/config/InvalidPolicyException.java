package dev.taskfleet.router.config;

import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * The routing policy cannot be used; stops start-up. The message names the file, the line and
 * the problem. A {@link ConfigurationException} because Quarkus then prints just that message
 * when start-up fails, where any other exception is buried in a stack trace.
 */
public final class InvalidPolicyException extends ConfigurationException {

    public InvalidPolicyException(String message) {
        super(message);
    }
}
