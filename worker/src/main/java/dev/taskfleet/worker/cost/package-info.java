/** What a model call costs: prices per million tokens and the arithmetic on them. */
package dev.taskfleet.worker.cost;
