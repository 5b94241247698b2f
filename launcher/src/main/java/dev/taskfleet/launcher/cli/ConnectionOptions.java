package dev.taskfleet.launcher.cli;

import dev.taskfleet.launcher.auth.LocalApiKey;
import dev.taskfleet.launcher.client.BatchClient;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --url} and {@code --api-key}, shared by every command that calls the producer.
 *
 * <p>The key comes from {@code --api-key}, else {@code TASKFLEET_API_KEY}, else, only when the
 * URL's host is a loopback address ({@code localhost}, {@code 127.0.0.0/8}, {@code ::1}),
 * {@code .taskfleet/api-key} under the taskfleet home (written by {@code taskfleet local}): that
 * dev key must never reach another server. With none, no {@code Authorization} header is sent,
 * which a producer with auth disabled accepts.
 */
public final class ConnectionOptions {

    public static final String URL_ENV = "TASKFLEET_URL";
    public static final String KEY_ENV = "TASKFLEET_API_KEY";
    public static final String DEFAULT_URL = "http://localhost:8080";

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "${env:" + URL_ENV + ":-" + DEFAULT_URL + "}",
            description = "The producer's base URL (env " + URL_ENV + "; default: " + DEFAULT_URL + ").")
    private String url;

    @Option(names = "--api-key", paramLabel = "KEY", defaultValue = "${env:" + KEY_ENV + "}",
            description = "The API key (env " + KEY_ENV + ", else, for a localhost URL only, the file "
                    + ".taskfleet/api-key that 'taskfleet local' writes). Prefer the variable: options show up in 'ps'.")
    private String apiKey;

    /** A client for the chosen server and key. */
    public BatchClient client() {
        URI server = uri();
        return new BatchClient(server, key(apiKey, server, Environment.home()));
    }

    private URI uri() {
        try {
            URI uri = new URI(url.strip());
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new URISyntaxException(url, "not an http(s) URL with a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ParameterException(spec.commandLine(), "--url '" + url + "' is not a URL like " + DEFAULT_URL);
        }
    }

    /** The key to send to {@code server}: {@code explicit}, else the local key file for a loopback host, else null. */
    static String key(String explicit, URI server, Path home) {
        if (explicit != null && !explicit.isBlank()) {
            return explicit.strip();
        }
        return isLoopback(server.getHost()) ? LocalApiKey.read(home).orElse(null) : null;
    }

    /**
     * Whether {@code host}, as {@link URI#getHost()} gives it, is {@code localhost}, in
     * {@code 127.0.0.0/8} or {@code [::1]}. Judged from the text alone: a DNS lookup could be
     * answered by anyone.
     */
    static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            try {
                // A bracketed host is parsed as an IPv6 literal, never looked up.
                return InetAddress.getByName(host).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
        String[] octets = host.split("\\.", -1);
        if (octets.length != 4 || !octets[0].equals("127")) {
            return false;
        }
        for (String octet : octets) {
            if (!octet.matches("[0-9]{1,3}") || Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }
}
