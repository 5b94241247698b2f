/**
 * Issue 4's benchmark: the packaged router's forwarding throughput on a pre-loaded topic, against a
 * plain consume-produce copy and a transactional copy of the same records in the same run.
 */
package dev.taskfleet.benchmarks.forwarding;
