/**
 * A scripted model provider on a real localhost HTTP server, for tests of the code that calls
 * models: {@link dev.taskfleet.testkit.modelserver.ScriptedModelServer} routes each path to its
 * own {@link dev.taskfleet.testkit.modelserver.Route} script (queued replies, prompt rules,
 * requirements, delays, dropped connections, recorded requests), and one class per provider API
 * ({@link dev.taskfleet.testkit.modelserver.OpenAiChat}) contributes its
 * {@link dev.taskfleet.testkit.modelserver.Endpoint}s and the JSON bodies that API sends.
 */
package dev.taskfleet.testkit.modelserver;
