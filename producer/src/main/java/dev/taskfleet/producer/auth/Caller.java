package dev.taskfleet.producer.auth;

import jakarta.enterprise.context.RequestScoped;

/** The team the current request acts for, set by the API's authentication filter before any resource runs. */
@RequestScoped
public class Caller {

    private String team;

    public void authenticatedAs(String team) {
        this.team = team;
    }

    /** The caller's team; every {@code /api/v1} resource runs only after the filter has set it. */
    public String team() {
        if (team == null) {
            throw new IllegalStateException("no caller: the request did not pass the authentication filter");
        }
        return team;
    }
}
