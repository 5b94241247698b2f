/**
 * The {@code taskfleet} command line: {@code demo}, {@code local} and {@code help}. Commands only
 * parse options and print; the work happens in the sub-packages.
 */
package dev.taskfleet.launcher;
