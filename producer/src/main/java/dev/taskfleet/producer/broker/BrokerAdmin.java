package dev.taskfleet.producer.broker;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;

/** Owns the one admin client the producer uses, for topic creation and readiness, and closes it. */
@ApplicationScoped
public class BrokerAdmin {

    private final Admin admin;

    @Inject
    public BrokerAdmin(KafkaSettings settings) {
        this.admin = Admin.create(settings.admin());
    }

    public Admin admin() {
        return admin;
    }

    @PreDestroy
    void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
