/** The worker's typed settings and the wiring that builds the pure core from them. */
package dev.taskfleet.worker.config;
