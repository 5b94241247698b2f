/**
 * The fleet on one machine: the producer, the router and a worker per tier as separate JVMs
 * ({@link dev.taskfleet.launcher.fleet.LocalFleet}), the settings they run with
 * ({@link dev.taskfleet.launcher.fleet.LocalFleetBuilder}, whose defaults are {@code taskfleet local}'s
 * on its {@link dev.taskfleet.launcher.fleet.LocalPorts}), and the whole stack with its broker and
 * the clean-up of an earlier run ({@link dev.taskfleet.launcher.fleet.LocalStack}).
 */
package dev.taskfleet.launcher.fleet;
