/**
 * Child processes of the launcher: starting them with their output in a log file, waiting for
 * readiness, stopping them politely, remembering them in pid files so a later run can clean up
 * after a launcher that was killed, and finding out who holds a port.
 */
package dev.taskfleet.launcher.process;
