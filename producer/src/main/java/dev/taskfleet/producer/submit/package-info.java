/**
 * One batch submission from body to broker: reads the body through the pure batch reader
 * straight into a Kafka publication and says how it ended, independent of HTTP.
 */
package dev.taskfleet.producer.submit;
