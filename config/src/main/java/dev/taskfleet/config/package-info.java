/**
 * The configuration vocabulary the services share: {@link dev.taskfleet.config.SharedFleetConfig}
 * (the keys every service reads, typed, documented, with defaults), {@link dev.taskfleet.config.FleetDefaults}
 * (those defaults as constants) and {@link dev.taskfleet.config.FleetKeys} (the key names code sets).
 *
 * <p>No Quarkus or Kafka types; SmallRye Config's annotations only.
 */
package dev.taskfleet.config;
