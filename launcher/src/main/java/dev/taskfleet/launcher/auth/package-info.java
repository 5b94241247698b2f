/** The API key of local runs: created once by the launcher, read by the CLI, hashed for the producer. */
package dev.taskfleet.launcher.auth;
