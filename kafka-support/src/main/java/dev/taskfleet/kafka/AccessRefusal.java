package dev.taskfleet.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;

/**
 * One operation the broker's authorizer refused: who asked, to do what, on which resource.
 *
 * @param principal    the client's principal ({@link KafkaClientSettings#principalOf})
 * @param operation    the ACL operation it needed, e.g. {@code WRITE}
 * @param resourceType {@code topic}, {@code group}, {@code transactionalId} or {@code cluster}
 * @param resource     the resource's name
 */
public record AccessRefusal(String principal, String operation, String resourceType, String resource) {

    public AccessRefusal {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(resource, "resource");
    }

    /**
     * The refusals a client's failure stands for, found along its causes; empty when it is no
     * authorization error. A refused topic is named with {@code operation}, what the client was
     * doing ({@code WRITE} for a send, {@code READ} for a fetch); a group needs {@code READ} and a
     * transactional id {@code WRITE} whatever the client did.
     */
    public static List<AccessRefusal> of(Throwable failure, String operation, String principal) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof AuthorizationException refused) {
                return refusals(refused, operation, principal);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return List.of();
    }

    private static List<AccessRefusal> refusals(AuthorizationException refused, String operation, String principal) {
        List<AccessRefusal> refusals = new ArrayList<>();
        if (refused instanceof TopicAuthorizationException topics && !topics.unauthorizedTopics().isEmpty()) {
            topics.unauthorizedTopics().stream().sorted()
                    .forEach(topic -> refusals.add(new AccessRefusal(principal, operation, "topic", topic)));
        } else if (refused instanceof GroupAuthorizationException group && group.groupId() != null) {
            refusals.add(new AccessRefusal(principal, "READ", "group", group.groupId()));
        } else if (refused instanceof TransactionalIdAuthorizationException) {
            refusals.add(new AccessRefusal(principal, "WRITE", "transactionalId", "of this client"));
        } else if (refused instanceof ClusterAuthorizationException) {
            refusals.add(new AccessRefusal(principal, operation, "cluster", "kafka-cluster"));
        } else {
            refusals.add(new AccessRefusal(principal, operation, "resource", String.valueOf(refused.getMessage())));
        }
        return refusals;
    }

    /** One sentence naming principal, operation and resource, for the log and the health checks. */
    public String describe() {
        return "Kafka refused " + principal + " " + operation + " on " + resourceType + " " + resource;
    }
}
