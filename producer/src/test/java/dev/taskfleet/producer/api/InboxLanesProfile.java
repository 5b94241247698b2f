package dev.taskfleet.producer.api;

import java.util.HashMap;
import java.util.Map;

/** {@link TeamsProfile} with inbox lanes on: each team's tasks go to lanes of their own. */
public class InboxLanesProfile extends TeamsProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
        overrides.put("taskfleet.producer.lanes.enabled", "true");
        return overrides;
    }
}
