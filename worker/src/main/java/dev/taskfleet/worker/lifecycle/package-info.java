/** Start-up and shutdown behaviour that spans the adapters. */
package dev.taskfleet.worker.lifecycle;
