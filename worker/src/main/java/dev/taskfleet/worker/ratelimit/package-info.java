/**
 * A pod's share of a tier's provider quota: token buckets for requests and tokens per minute, and
 * a pause (with a reduced request rate) after the provider answers 429. Plain Java, time passed in.
 */
package dev.taskfleet.worker.ratelimit;
