/**
 * Walking away at half price: the demo batch on the real fleet, all of it on-line versus its bulk
 * work (the mechanical chores) on a batch tier of the same model at the batch price, compared on
 * cost and makespan with the batch tier's simulated timings stated.
 */
package dev.taskfleet.benchmarks.batchtier;
