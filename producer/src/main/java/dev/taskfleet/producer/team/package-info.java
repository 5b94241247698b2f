/** Teams and what each may submit: per-team limits resolved from defaults and overrides. Pure Java. */
package dev.taskfleet.producer.team;
