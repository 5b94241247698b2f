package dev.taskfleet.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkerGaugesTest {

    private static final String METRICS = """
            # HELP taskfleet_intake_waiting Tasks read and waiting
            # TYPE taskfleet_intake_waiting gauge
            taskfleet_intake_waiting{tier="quality"} 10.0
            taskfleet_intake_waiting_other{tier="quality"} 99.0
            kafka_consumer_coordinator_assigned_partitions{client_id="a",kafka_version="4.1.2"} 4.0
            kafka_consumer_coordinator_assigned_partitions{client_id="b",kafka_version="4.1.2"} 2.0
            taskfleet_tasks_completed_total 3
            """;

    @Test
    void sumsEverySampleOfASeriesAndNoOtherSeriesThatSharesItsStart() {
        assertThat(WorkerGauges.sum(METRICS, "taskfleet_intake_waiting")).isEqualTo("10");
        assertThat(WorkerGauges.sum(METRICS, "kafka_consumer_coordinator_assigned_partitions")).isEqualTo("6");
        assertThat(WorkerGauges.sum(METRICS, "taskfleet_tasks_completed_total")).isEqualTo("3");
        assertThat(WorkerGauges.sum(METRICS, "taskfleet_tasks_in_flight")).isEqualTo("none");
    }

    @Test
    void theTotalIsUnroundedAndEmptyForASeriesNotPublished() {
        String halves = "taskfleet_intake_waiting{tier=\"a\"} 0.5\ntaskfleet_intake_waiting{tier=\"b\"} 1.25\n";
        assertThat(WorkerGauges.total(halves, "taskfleet_intake_waiting")).hasValue(1.75);
        assertThat(WorkerGauges.total(METRICS, "taskfleet_tasks_in_flight")).isEmpty();
    }
}
