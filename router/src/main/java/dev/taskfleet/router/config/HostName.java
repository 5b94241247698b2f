package dev.taskfleet.router.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The host's name, the router's default instance id (the pod name in Kubernetes). */
final class HostName {

    private HostName() {
    }

    static String current() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
