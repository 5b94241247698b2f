/**
 * The router's typed configuration and the wiring that builds the pure core from it. Invalid
 * configuration fails start-up here, before any topic is touched.
 */
package dev.taskfleet.router.config;
