/** Checks of the taskfleet Helm chart: lint, render with several value sets, schema, template guards. */
package dev.taskfleet.helm;
