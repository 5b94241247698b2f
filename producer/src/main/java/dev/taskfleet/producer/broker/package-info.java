/**
 * The producer's connection to Kafka: client settings derived from the shared {@code kafka.*}
 * configuration, the admin client and topic creation at start-up.
 */
package dev.taskfleet.producer.broker;
