/** Flow control: how much work one worker takes on at once, and how it stops taking more. */
package dev.taskfleet.worker.flow;
