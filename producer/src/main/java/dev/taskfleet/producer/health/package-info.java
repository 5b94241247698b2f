/** Liveness and readiness checks, served at {@code /q/health/live} and {@code /q/health/ready}. */
package dev.taskfleet.producer.health;
