{{/* The Kafka ACLs each principal of the fleet needs, as data: the KafkaUser resources
     (strimzi-users.yaml) are rendered from this list, the chart README's ACL table describes
     it, and helm-tests checks that the two agree. Each entry is one principal: user (the
     KafkaUser name), component, tier (workers) and acls in Strimzi's form.

     Derived from what each service does (see the README table for the reason of every line):
     - producer: writes tasks, batches and tracker-checkpoints (each replica's batch-tracking state,
       in chunks, now and then); reads batches, results, provider-batches (waiting at the
       provider), tracker-checkpoints (the newest complete checkpoint, at start-up) and (for retry)
       tasks with readers that assign partitions themselves, so no group; creates its topics and
       the DLQ; reads the tasks topic's max.message.bytes (DescribeConfigs) to size each task
       against it. No other principal touches tracker-checkpoints. With router.lanes.enabled it
       writes each team's tasks to the team's inbox lanes (<prefix>.inbox.<team>, and .interactive
       and .bulk, prefixed) instead of tasks, creating each on first use, and reads them back like
       tasks (retry, task detail; no group). It sizes tasks against the tasks topic's max.message.bytes,
       which a lane copies when the producer makes it, with the tasks topic's retention. Create on them even when
       the Topic Operator owns the other topics, as lanes appear with new teams; the lines are
       there whether lanes are on or not, like the router's tier lanes. Listing the lanes that
       exist needs only Describe on them, which Read and Write imply: nothing on the cluster.
     - router: reads tasks, escalations and every inbox lane (<prefix>.inbox., prefixed; it subscribes
       by pattern whether lanes are on or not) in group taskfleet-router; writes tier topics and creates
       and writes their lanes (<prefix>.tasks.<tier>.<team>, prefixed; Create even when the Topic
       Operator owns the other topics, as lanes appear with new teams), results
       (refused escalations), batches (ROUTED tallies) and the DLQ in transactions with the id
       <prefix>-router-<instance>; reads results without a group (adaptive routing); reads the
       max.message.bytes of tier topics, lanes, results and the DLQ (DescribeConfigs) to size what it
       writes in them.
     - worker of a tier: reads its tier topic and its lanes in group taskfleet-worker-<tier> and batches without
       a group (cancellations); writes results, escalations and the DLQ. A tier on a batch API
       (provider openai-batch, anthropic-batch, simulated-batch) also reads and writes the
       compacted provider-batches topic in the same group, in transactions with the id
       <prefix>-worker-<tier>-<worker id>, and reads the max.message.bytes of results, escalations and
       the DLQ (DescribeConfigs) to size what it writes in them; every tier gets these lines, since a
       tier is switched to a batch API by its provider setting alone.
     - KEDA: the lag of each tier's group: Describe on the group, the tier topic and its lanes.
     Describe is listed only where no Read or Write implies it. Create is granted on every topic a
     service provisions at start-up, unless the Topic Operator owns the topics
     (strimzi.topics.enabled): a service denied Create finds the existing topic with Describe and
     starts. Idempotent producers need no IdempotentWrite on brokers of Kafka 3.0 and later. */}}
{{- define "taskfleet.acls" -}}
{{- $root := . -}}
{{- $prefix := .Values.kafka.topicPrefix -}}
{{- $create := ternary "" ", Create" .Values.strimzi.topics.enabled -}}
- user: {{ include "taskfleet.kafkaUser" (dict "root" $root "component" "producer") }}
  component: producer
  acls:
    - {resource: {type: topic, name: {{ printf "%s.tasks" $prefix | quote }}, patternType: literal}, operations: [Write, Read, DescribeConfigs{{ $create }}]}
    - {resource: {type: topic, name: {{ printf "%s.inbox." $prefix | quote }}, patternType: prefix}, operations: [Write, Read, Create]}
    - {resource: {type: topic, name: {{ printf "%s.batches" $prefix | quote }}, patternType: literal}, operations: [Write, Read{{ $create }}]}
    - {resource: {type: topic, name: {{ printf "%s.results" $prefix | quote }}, patternType: literal}, operations: [Read{{ $create }}]}
    - {resource: {type: topic, name: {{ printf "%s.provider-batches" $prefix | quote }}, patternType: literal}, operations: [Read{{ $create }}]}
    - {resource: {type: topic, name: {{ printf "%s.tracker-checkpoints" $prefix | quote }}, patternType: literal}, operations: [Write, Read{{ $create }}]}
    - {resource: {type: topic, name: {{ printf "%s.dlq" $prefix | quote }}, patternType: literal}, operations: [Describe{{ $create }}]}
- user: {{ include "taskfleet.kafkaUser" (dict "root" $root "component" "router") }}
  component: router
  acls:
    - {resource: {type: topic, name: {{ printf "%s.tasks" $prefix | quote }}, patternType: literal}, operations: [Read{{ $create }}]}
    - {resource: {type: topic, name: {{ printf "%s.escalations" $prefix | quote }}, patternType: literal}, operations: [Read{{ $create }}]}
    - {resource: {type: topic, name: {{ printf "%s.inbox." $prefix | quote }}, patternType: prefix}, operations: [Read]}
    {{- range .Values.tiers }}
    - {resource: {type: topic, name: {{ include "taskfleet.tierTopic" (dict "root" $root "tier" .) | quote }}, patternType: literal}, operations: [Write, DescribeConfigs{{ $create }}]}
    - {resource: {type: topic, name: {{ printf "%s." (include "taskfleet.tierTopic" (dict "root" $root "tier" .)) | quote }}, patternType: prefix}, operations: [Write, DescribeConfigs, Create]}
    {{- end }}
    - {resource: {type: topic, name: {{ printf "%s.results" $prefix | quote }}, patternType: literal}, operations: [Write, Read, DescribeConfigs{{ $create }}]}
    - {resource: {type: topic, name: {{ printf "%s.batches" $prefix | quote }}, patternType: literal}, operations: [Write{{ $create }}]}
    - {resource: {type: topic, name: {{ printf "%s.dlq" $prefix | quote }}, patternType: literal}, operations: [Write, DescribeConfigs{{ $create }}]}
    - {resource: {type: group, name: taskfleet-router, patternType: literal}, operations: [Read]}
    - {resource: {type: transactionalId, name: {{ printf "%s-router-" $prefix | quote }}, patternType: prefix}, operations: [Write, Describe]}
{{- range $tier := .Values.tiers }}
- user: {{ include "taskfleet.kafkaUser" (dict "root" $root "component" "worker" "tier" $tier.name) }}
  component: worker
  tier: {{ $tier.name }}
  acls:
    - {resource: {type: topic, name: {{ include "taskfleet.tierTopic" (dict "root" $root "tier" $tier) | quote }}, patternType: literal}, operations: [Read{{ $create }}]}
    - {resource: {type: topic, name: {{ printf "%s." (include "taskfleet.tierTopic" (dict "root" $root "tier" $tier)) | quote }}, patternType: prefix}, operations: [Read]}
    - {resource: {type: topic, name: {{ printf "%s.batches" $prefix | quote }}, patternType: literal}, operations: [Read{{ $create }}]}
    - {resource: {type: topic, name: {{ printf "%s.results" $prefix | quote }}, patternType: literal}, operations: [Write, DescribeConfigs{{ $create }}]}
    - {resource: {type: topic, name: {{ printf "%s.escalations" $prefix | quote }}, patternType: literal}, operations: [Write, DescribeConfigs{{ $create }}]}
    - {resource: {type: topic, name: {{ printf "%s.dlq" $prefix | quote }}, patternType: literal}, operations: [Write, DescribeConfigs{{ $create }}]}
    - {resource: {type: topic, name: {{ printf "%s.provider-batches" $prefix | quote }}, patternType: literal}, operations: [Write, Read{{ $create }}]}
    - {resource: {type: group, name: {{ include "taskfleet.tierGroup" (dict "tier" $tier) }}, patternType: literal}, operations: [Read]}
    - {resource: {type: transactionalId, name: {{ printf "%s-worker-%s-" $prefix $tier.name | quote }}, patternType: prefix}, operations: [Write, Describe]}
{{- end }}
{{- if .Values.autoscaling.keda.enabled }}
- user: {{ include "taskfleet.kafkaUser" (dict "root" $root "component" "autoscaling") }}
  component: autoscaling
  acls:
    {{- range .Values.tiers }}
    - {resource: {type: topic, name: {{ include "taskfleet.tierTopic" (dict "root" $root "tier" .) | quote }}, patternType: literal}, operations: [Describe]}
    - {resource: {type: topic, name: {{ printf "%s." (include "taskfleet.tierTopic" (dict "root" $root "tier" .)) | quote }}, patternType: prefix}, operations: [Describe]}
    - {resource: {type: group, name: {{ include "taskfleet.tierGroup" (dict "tier" .) }}, patternType: literal}, operations: [Describe]}
    {{- end }}
    - {resource: {type: topic, name: {{ printf "%s.provider-batches" $prefix | quote }}, patternType: literal}, operations: [Describe]}
{{- end }}
{{- end -}}
