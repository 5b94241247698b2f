/**
 * Adaptive routing's input: final results turned into per (task type, tier) outcomes in the
 * policy's sliding window, de-duplicated. Plain Java; the Kafka reader feeds it.
 */
package dev.taskfleet.router.adaptive;
