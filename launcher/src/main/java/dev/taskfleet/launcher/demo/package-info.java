/**
 * {@code taskfleet demo}: the shipped example batch, its deterministic generator and choosing how
 * many tasks to send.
 */
package dev.taskfleet.launcher.demo;
