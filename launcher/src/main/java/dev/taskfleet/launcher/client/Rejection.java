package dev.taskfleet.launcher.client;

/**
 * A line of a submitted batch the producer refused.
 *
 * @param line  1-based line number in the submitted body
 * @param error why it was refused
 */
public record Rejection(int line, String error) {
}
