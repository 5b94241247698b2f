package dev.taskfleet.kafka;

import java.util.Objects;

/**
 * Why a record is set aside and who does it: the values of the dead-letter headers that do not
 * come from the source record.
 *
 * @param reasonCode one of {@link dev.taskfleet.contract.DeadLetterReasons}
 * @param reason     what is wrong, for a person; may quote the payload, so it goes into the
 *                   record, not into logs
 * @param service    the service writing it, one of the {@code DeadLetterHeaders} service values
 */
public record DeadLetter(String reasonCode, String reason, String service) {

    public DeadLetter {
        Objects.requireNonNull(reasonCode, "reasonCode");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(service, "service");
    }
}
