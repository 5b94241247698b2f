/** The router's liveness and readiness checks, read from the state of its Kafka loops. */
package dev.taskfleet.router.health;
