/**
 * What the router does with one input record: a task from the tasks topic is decoded, held to
 * the contract and placed on a tier by the routing policy; an escalation request is answered
 * with a placement on a higher tier or the task's final FAILED result. Bad input becomes a
 * {@link dev.taskfleet.router.routing.Rejection} with a stable reason code. Plain Java; the Kafka
 * adapter turns outcomes into records.
 */
package dev.taskfleet.router.routing;
