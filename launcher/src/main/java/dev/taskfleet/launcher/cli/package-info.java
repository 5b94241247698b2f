/**
 * The {@code taskfleet} commands that talk to a running fleet (submit, status, watch, results,
 * retry, cancel, list) and {@code route --explain}, which needs none: thin picocli adapters over
 * the API client, the progress views and the policy engine.
 */
package dev.taskfleet.launcher.cli;
