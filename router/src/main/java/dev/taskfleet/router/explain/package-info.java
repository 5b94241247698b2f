/** The explain endpoint: the tier each task would get and why, without submitting anything. */
package dev.taskfleet.router.explain;
