/**
 * What the router does with one record's value: decode it, hold it to the contract, ask the
 * tier policy, and answer either a routed task or a rejection with a stable reason code. Plain
 * Java; the Kafka adapter turns the outcome into a record.
 */
package dev.taskfleet.router.routing;
