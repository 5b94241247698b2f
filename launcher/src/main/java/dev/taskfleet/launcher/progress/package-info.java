/**
 * Following a batch for people: live progress (bars on a terminal, plain lines otherwise), the
 * status text, and the final summary table built from the batch's results.
 */
package dev.taskfleet.launcher.progress;
