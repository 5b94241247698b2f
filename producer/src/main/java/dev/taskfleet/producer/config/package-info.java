/** The producer's typed configuration: every {@code taskfleet.*} setting with its default. */
package dev.taskfleet.producer.config;
