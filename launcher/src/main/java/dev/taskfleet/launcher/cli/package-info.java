/**
 * The {@code taskfleet} commands that talk to a running fleet (submit, status, watch, results,
 * retry, cancel, list) and {@code route --explain}, which needs none: thin picocli adapters over
 * the API client, the progress views and the policy engine. Also what every command shares, the
 * root package's {@code demo} and {@code local} included: where the command runs
 * ({@link dev.taskfleet.launcher.cli.Environment}), duration options and the exit codes. Nothing
 * here depends on the root package.
 */
package dev.taskfleet.launcher.cli;
