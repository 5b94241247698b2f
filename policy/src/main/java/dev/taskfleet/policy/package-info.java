/** The routing policy engine: which tier a task deserves, why, and where an escalation goes. */
package dev.taskfleet.policy;
