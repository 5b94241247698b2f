/**
 * The {@code taskfleet} command line: the entry point with its list of commands, and
 * {@code demo}, {@code local} and {@code help}. Commands only parse options and print; the work
 * happens in the sub-packages, which never depend on this one.
 */
package dev.taskfleet.launcher;
