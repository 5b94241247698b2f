package dev.taskfleet.contract;

import java.util.Objects;

/**
 * Why a task failed.
 *
 * @param code    stable machine-readable code, one of {@link ResultErrorCodes}
 * @param message what happened, for a person
 */
public record ResultError(String code, String message) {

    public ResultError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }
}
