/**
 * A model provider that answers without a model: latency, token counts and failures drawn from
 * per-model distributions, reproducibly, on timers rather than threads.
 */
package dev.taskfleet.worker.provider.simulated;
