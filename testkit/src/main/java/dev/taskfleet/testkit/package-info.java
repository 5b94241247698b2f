/**
 * The test kit every module's tests share; what each fixture is for:
 * <ul>
 *   <li>{@link dev.taskfleet.testkit.TestBrokers}: the one real Kafka broker of a test JVM (in-process KRaft,
 *       or an {@code apache/kafka} container on request), behind {@link dev.taskfleet.testkit.KafkaBroker};</li>
 *   <li>{@link dev.taskfleet.testkit.KafkaTestResource}: hands that broker and a topic prefix to a {@code @QuarkusTest};</li>
 *   <li>{@link dev.taskfleet.testkit.KafkaTestClients}: blocking sends and topic creation for tests that play a service;</li>
 *   <li>{@link dev.taskfleet.testkit.TopicCollector} and {@link dev.taskfleet.testkit.ResultsCollector}: read a topic
 *       back from its beginning, results decoded, duplicates and undecodable records kept;</li>
 *   <li>{@link dev.taskfleet.testkit.TaskBuilder}, {@link dev.taskfleet.testkit.RoutedTaskBuilder},
 *       {@link dev.taskfleet.testkit.ResultBuilder}, {@link dev.taskfleet.testkit.AttemptBuilder},
 *       {@link dev.taskfleet.testkit.EscalationBuilder} and {@link dev.taskfleet.testkit.BatchEventBuilder}:
 *       contract events with sensible defaults, so a test names only what it is about;</li>
 *   <li>{@link dev.taskfleet.testkit.Events}: decodes a record or a body line to an event, failing the test with
 *       where it came from and why it is not one;</li>
 *   <li>{@link dev.taskfleet.testkit.modelserver}: a scripted model provider on a real localhost HTTP server.</li>
 * </ul>
 */
package dev.taskfleet.testkit;
