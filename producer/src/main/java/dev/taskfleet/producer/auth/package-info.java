/**
 * Who is calling: API keys (stored only as SHA-256 hashes) mapped to teams, and the request
 * filter that turns a bearer key into the caller's team or a 401 problem.
 */
package dev.taskfleet.producer.auth;
