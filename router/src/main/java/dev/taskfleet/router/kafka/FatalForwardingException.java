package dev.taskfleet.router.kafka;

/** A Kafka error, or a record failing over and over, after which the forwarding loop stops and liveness goes DOWN. */
final class FatalForwardingException extends RuntimeException {

    FatalForwardingException(String message, Throwable cause) {
        super(message, cause);
    }
}
