package dev.taskfleet.launcher.broker;

import dev.taskfleet.launcher.process.RunDirectory;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Keeps a {@link BrokerProcess} running: a broker whose process ended is started again on the same
 * ports and data ({@link BrokerProcess#restart()}) as long as a {@link RestartBudget} allows.
 *
 * <p>Why restart rather than give up: the services ride out a broker restart by themselves (their
 * clients keep the broker's address and reconnect), as a production fleet does, so a local fleet
 * need not end because its broker was killed once. Why a budget: a broker that dies whenever it
 * starts (disk full, a broken configuration) must still end the fleet with the reason from its log.
 *
 * <p>Lifecycle: the supervisor owns the broker it is given and every process it starts in its
 * place; {@link #close()} stops whichever is current and forgets its pid file. Threads: one thread
 * supervises, and {@link #close()} may come from any other at any time (a shutdown hook, say).
 * Starting a new process and making it current happen under the lock {@link #close()} takes, so
 * either close comes first and no restart starts, or it comes after and stops the new process:
 * no broker outlives {@link #close()}.
 */
public final class BrokerSupervisor implements AutoCloseable {

    private static final int FAILURE_LOG_LINES = 40;

    private final RestartBudget budget;
    private final Duration readyTimeout;
    private final RunDirectory runDirectory;
    private final Consumer<String> report;
    /** One check at a time: two at once would both find the process ended and both start one. */
    private final Object checking = new Object();
    private BrokerProcess broker;
    private boolean closed;

    /**
     * @param broker       the broker to keep running, already started
     * @param readyTimeout how long a restarted broker may take to answer
     * @param runDirectory where the pid of each restarted broker is recorded, as for the first
     * @param report       receives one line per restart and per broker ready again, for the user
     */
    public BrokerSupervisor(BrokerProcess broker, RestartBudget budget, Duration readyTimeout, RunDirectory runDirectory,
                            Consumer<String> report) {
        this.broker = broker;
        this.budget = budget;
        this.readyTimeout = readyTimeout;
        this.runDirectory = runDirectory;
        this.report = report;
    }

    /** The broker now: the one given, or the latest one started in its place. */
    public synchronized BrokerProcess broker() {
        return broker;
    }

    /**
     * Does nothing while the broker runs or once closed. When its process has ended, takes a restart
     * from the budget, starts the broker again, records its pid and waits until it answers. A broker
     * that ends again before it answers is left to the next call, which counts it against the
     * budget once more.
     *
     * @throws IllegalStateException naming the Kafka broker, with the tail of its log, when the
     *                               budget is spent or the restarted broker runs but does not answer
     *                               within the ready timeout
     * @throws dev.taskfleet.launcher.process.PortInUseException if another process took its port meanwhile
     */
    public void restartIfStopped() {
        synchronized (checking) {
            BrokerProcess ended = endedBroker();
            if (ended == null) {
                return;
            }
            if (!budget.tryTakeRestart()) {
                throw new IllegalStateException("the Kafka broker stopped unexpectedly (exit code " + ended.exitCode()
                        + ") and was already started again " + times(budget.maxRestarts()) + " within "
                        + describe(budget.window()) + "; last lines of " + ended.logFile() + ":\n"
                        + String.join("\n", ended.logTail(FAILURE_LOG_LINES)));
            }
            report.accept("the Kafka broker stopped (exit code " + ended.exitCode() + "); starting it again on its data"
                    + " (restart " + budget.restartsWithinWindow() + " of " + budget.maxRestarts() + " within "
                    + describe(budget.window()) + ")");
            long restartStart = System.nanoTime();
            BrokerProcess restarted = startInPlaceOf(ended);
            if (restarted != null && answersInTime(restarted)) {
                report.accept(String.format(Locale.ROOT, "broker ready again in %.1f s", (System.nanoTime() - restartStart) / 1e9));
            }
        }
    }

    /** The current broker if its process has ended and this supervisor is not closed, else {@code null}. */
    private synchronized BrokerProcess endedBroker() {
        return closed || broker.isAlive() ? null : broker;
    }

    /** Starts the broker again and makes it current, unless closed meanwhile: then {@code null}. */
    private synchronized BrokerProcess startInPlaceOf(BrokerProcess ended) {
        if (closed) {
            return null;
        }
        broker = ended.restart();
        runDirectory.record(BrokerProcess.NAME, broker.handle(), broker.configFile().toString());
        return broker;
    }

    /**
     * @return whether the restarted broker answers; {@code false} when its process ended first (by
     *         itself, or stopped by {@link #close()})
     */
    private boolean answersInTime(BrokerProcess restarted) {
        try {
            restarted.awaitReady(readyTimeout);
            return true;
        } catch (IllegalStateException e) {
            if (restarted.isAlive() && !isClosed()) {
                throw e;
            }
            return false;
        }
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    /** Stops the current broker (SIGTERM, then SIGKILL after 30 s) and forgets its pid file. Idempotent. */
    @Override
    public void close() {
        BrokerProcess current;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            current = broker;
        }
        current.close();
        runDirectory.forget(BrokerProcess.NAME);
    }

    private static String times(int count) {
        return count == 1 ? "once" : count + " times";
    }

    /** In whole minutes ({@code 10 min}) when it is some, else in seconds ({@code 90 s}). */
    private static String describe(Duration window) {
        return window.toSecondsPart() == 0 && window.toMinutes() > 0
                ? window.toMinutes() + " min"
                : window.toSeconds() + " s";
    }
}
