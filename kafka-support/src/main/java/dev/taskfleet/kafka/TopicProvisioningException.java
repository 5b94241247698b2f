package dev.taskfleet.kafka;

/** The topics a service needs could not be made ready; the service must not start. */
public class TopicProvisioningException extends RuntimeException {

    public TopicProvisioningException(String message, Throwable cause) {
        super(message, cause);
    }
}
