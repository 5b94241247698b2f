package dev.taskfleet.producer.api;

import dev.taskfleet.testkit.modelserver.ScriptedModelServer;
import java.util.HashMap;
import java.util.Map;

/**
 * The teams of {@link TeamsProfile}, with a scripted server on localhost standing in for the
 * router, so the route preview's call is answered (or dropped) as each test scripts it.
 */
public class WebProfile extends TeamsProfile {

    /** Started once for the JVM: the producer reads the router's URL when it starts. */
    static final ScriptedModelServer ROUTER = ScriptedModelServer.start();

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
        overrides.put("taskfleet.producer.router-url", ROUTER.uri().toString());
        return overrides;
    }
}
