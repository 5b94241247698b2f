/**
 * The test kit every module's tests share: a real Kafka broker (in-process KRaft by default,
 * a Testcontainers broker on request), a Quarkus test resource that hands it to
 * {@code @QuarkusTest}s, builders for tasks and collectors that read topics back.
 */
package dev.taskfleet.testkit;
