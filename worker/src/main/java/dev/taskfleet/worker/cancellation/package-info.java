/** Which batch runs were cancelled, so their not-yet-started tasks end without a model call. */
package dev.taskfleet.worker.cancellation;
