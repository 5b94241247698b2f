package dev.taskfleet.launcher;

import dev.taskfleet.api.BatchApi;
import dev.taskfleet.launcher.auth.LocalApiKey;
import dev.taskfleet.launcher.broker.BrokerProcess;
import dev.taskfleet.launcher.cli.Environment;
import dev.taskfleet.launcher.demo.DemoBatch;
import dev.taskfleet.launcher.fleet.LocalStack;
import dev.taskfleet.launcher.process.ServiceProcess;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code taskfleet local}: start everything and keep it running until Ctrl-C. */
@Command(name = "local", mixinStandardHelpOptions = true,
        description = "Starts a Kafka broker, the producer, the router and a worker per tier and keeps them running until Ctrl-C.")
final class LocalCommand implements Callable<Integer> {

    private static final Duration HEALTH_CHECK_INTERVAL = Duration.ofSeconds(1);

    @Mixin
    private FleetOptions fleet;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        return StackSession.run(Environment.home(), fleet, out, stack -> {
            printUrls(stack, out);
            while (!stack.awaitClose(HEALTH_CHECK_INTERVAL)) {
                stack.requireRunning();
            }
            return 0;
        });
    }

    private static void printUrls(LocalStack stack, PrintStream out) {
        BrokerProcess broker = stack.broker();
        String producer = stack.fleet().producerUrl().toString();
        out.println();
        out.println("taskfleet is running. Ctrl-C stops everything.");
        out.println();
        out.printf("  %-16s %s%s%n", "Kafka broker", broker.bootstrapServers(), stack.secure()
                ? " (SASL_PLAINTEXT, SCRAM-SHA-512; logins in " + stack.workDir().resolve("run").resolve("kafka-logins") + ")"
                : "");
        out.printf("  %-16s %s%n", "producer API", producer + BatchApi.BATCHES);
        out.printf("  %-16s %s/ (sign in with the API key below)%n", "web view", producer);
        for (ServiceProcess service : stack.fleet().services()) {
            String base = service.baseUrl().toString();
            out.printf("  %-16s %s/q/health  %s/q/metrics%n", service.name(), base, base);
        }
        out.printf("  %-16s %s%n", "logs", stack.workDir().resolve("logs"));
        out.printf("  %-16s %s (team %s; the CLI reads it from there)%n", "API key",
                stack.home().resolve(LocalApiKey.FILE), LocalApiKey.TEAM);
        out.println();
        out.println("In another terminal, submit the example batch and follow it:");
        out.println("  ./taskfleet submit " + DemoBatch.DEFAULT_FILE + " --wait");
        out.println("then: ./taskfleet list | status ID | results ID | retry ID | cancel ID | route --explain FILE");
        out.println();
        out.println("Or with curl:");
        out.println("  curl -sS -X POST -H \"Authorization: Bearer $(cat " + LocalApiKey.FILE + ")\" \\");
        out.println("       -H 'Content-Type: " + BatchApi.NDJSON + "' --data-binary @" + DemoBatch.DEFAULT_FILE + " \\");
        out.println("       " + producer + BatchApi.BATCHES);
        out.println();
    }
}
