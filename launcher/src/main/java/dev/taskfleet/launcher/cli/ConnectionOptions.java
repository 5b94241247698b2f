package dev.taskfleet.launcher.cli;

import dev.taskfleet.launcher.Environment;
import dev.taskfleet.launcher.auth.LocalApiKey;
import dev.taskfleet.launcher.client.BatchClient;
import java.net.URI;
import java.net.URISyntaxException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --url} and {@code --api-key}, shared by every command that calls the producer.
 *
 * <p>The key comes from {@code --api-key}, else {@code TASKFLEET_API_KEY}, else
 * {@code .taskfleet/api-key} under the taskfleet home (written by {@code taskfleet local}); with
 * none, no {@code Authorization} header is sent, which a producer with auth disabled accepts.
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
            description = "The API key (env " + KEY_ENV + ", else the file .taskfleet/api-key that "
                    + "'taskfleet local' writes). Prefer the variable: options show up in 'ps'.")
    private String apiKey;

    /** A client for the chosen server and key. */
    public BatchClient client() {
        return new BatchClient(uri(), key());
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

    private String key() {
        if (apiKey != null && !apiKey.isBlank()) {
            return apiKey.strip();
        }
        return LocalApiKey.read(Environment.home()).orElse(null);
    }
}
