/**
 * What a batch will cost before it is submitted: expected tokens and dollars per tier under a
 * routing, against running everything on the cheapest or the most capable tier. Pure; the rates
 * come from {@link dev.taskfleet.config.TierCatalog}, the source the workers charge by.
 */
package dev.taskfleet.launcher.estimate;
