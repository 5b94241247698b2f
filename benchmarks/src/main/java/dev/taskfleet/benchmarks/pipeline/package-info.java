/**
 * Issue 13: the packaged fleet end to end (REST, router, workers, results, COMPLETED) with an
 * instant simulated model, against a bare 3-hop consume-produce copy of the same records in the
 * same run ({@link dev.taskfleet.benchmarks.pipeline.PipelineOverheadBenchmark}).
 */
package dev.taskfleet.benchmarks.pipeline;
