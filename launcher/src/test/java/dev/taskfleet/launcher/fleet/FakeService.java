package dev.taskfleet.launcher.fleet;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/**
 * Stands in for a Quarkus service in {@link LocalFleetTest}: serves {@code /q/health/ready} on
 * {@code quarkus.http.port} and echoes its {@code taskfleet.*} system properties and
 * {@code TASKFLEET_*} environment variables ({@code env.NAME=value}) on {@code /props}.
 * With {@code -Dfake.fail-tier=<tier>} the worker of that tier dies at start, as a broken one would.
 * Uses only the JDK, because it runs from a jar holding just this class.
 */
public final class FakeService {

    private FakeService() {
    }

    public static void main(String[] args) throws IOException {
        String tier = System.getProperty("taskfleet.worker.tier");
        if (tier != null && tier.equals(System.getProperty("fake.fail-tier"))) {
            System.out.println("simulated start failure of the " + tier + " worker");
            System.exit(3);
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(Integer.getInteger("quarkus.http.port")), 0);
        server.createContext("/q/health/ready", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.createContext("/props", exchange -> {
            String properties = System.getProperties().stringPropertyNames().stream()
                    .filter(name -> name.startsWith("taskfleet.") || name.startsWith("kafka.") || name.startsWith("fake."))
                    .sorted()
                    .map(name -> name + "=" + System.getProperty(name))
                    .collect(Collectors.joining("\n"));
            String environment = System.getenv().keySet().stream()
                    .filter(name -> name.startsWith("TASKFLEET_"))
                    .sorted()
                    .map(name -> "\nenv." + name + "=" + System.getenv(name))
                    .collect(Collectors.joining());
            byte[] body = (properties + environment).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        System.out.println("fake service ready");
    }
}
