{{/* Kafka: topic and group names, credentials, the env every service gets, and KEDA's view of
     the brokers. */}}

{{/* Topic a tier's workers read. */}}
{{- define "taskfleet.tierTopic" -}}
{{- printf "%s.tasks.%s" .root.Values.kafka.topicPrefix .tier.name -}}
{{- end -}}

{{/* Consumer group of a tier's workers: the worker derives it from TASKFLEET_WORKER_TIER as
     taskfleet-worker-<tier> (mp.messaging.incoming.tasks.group.id). */}}
{{- define "taskfleet.tierGroup" -}}
{{- printf "taskfleet-worker-%s" .tier.name -}}
{{- end -}}

{{/* Partitions of a tier's topic: the tier's own setting when its topic was created elsewhere,
     else the count the services create topics with. */}}
{{- define "taskfleet.tierPartitions" -}}
{{- if .tier.partitions -}}{{ .tier.partitions }}{{- else -}}{{ .root.Values.kafka.topics.partitions }}{{- end -}}
{{- end -}}

{{- define "taskfleet.tierOrder" -}}
{{- $names := list -}}
{{- range .Values.tiers }}{{ $names = append $names .name }}{{ end -}}
{{- join "," $names -}}
{{- end -}}

{{- define "taskfleet.saslEnabled" -}}
{{- if hasPrefix "SASL_" .Values.kafka.securityProtocol -}}true{{- end -}}
{{- end -}}

{{- define "taskfleet.tlsEnabled" -}}
{{- if or (eq .Values.kafka.securityProtocol "SSL") (eq .Values.kafka.securityProtocol "SASL_SSL") -}}true{{- end -}}
{{- end -}}

{{/* The Kafka principal (and KafkaUser name) of one part of the fleet.
     Call with (dict "root" $ "component" "producer|router|worker|autoscaling" "tier" "<tier>"). */}}
{{- define "taskfleet.kafkaUser" -}}
{{- if eq .component "worker" -}}
{{- include "taskfleet.workerName" (dict "root" .root "tier" .tier) -}}
{{- else if eq .component "autoscaling" -}}
{{- printf "%s-keda" (include "taskfleet.fullname" .root) -}}
{{- else -}}
{{- printf "%s-%s" (include "taskfleet.fullname" .root) .component -}}
{{- end -}}
{{- end -}}

{{/* The Secret holding a principal's SASL credentials: its KafkaUser's own Secret, which the
     Strimzi User Operator names after the user, or else the one Secret every service shares. */}}
{{- define "taskfleet.saslSecret" -}}
{{- if .root.Values.strimzi.users.enabled -}}
{{- .user -}}
{{- else -}}
{{- .root.Values.kafka.sasl.existingSecret -}}
{{- end -}}
{{- end -}}

{{/* Key of the JAAS line in that Secret: Strimzi always writes it as "sasl.jaas.config". */}}
{{- define "taskfleet.jaasConfigKey" -}}
{{- ternary "sasl.jaas.config" .Values.kafka.sasl.jaasConfigKey .Values.strimzi.users.enabled -}}
{{- end -}}

{{/* Kafka settings that only make sense together; each message names the values to change. */}}
{{- define "taskfleet.kafkaChecks" -}}
{{- $kafka := .Values.kafka -}}
{{- $strimzi := .Values.strimzi -}}
{{- if and (or $strimzi.topics.enabled $strimzi.users.enabled) (not $strimzi.cluster) -}}
{{- fail "strimzi.topics.enabled or strimzi.users.enabled needs strimzi.cluster: the name of the Strimzi Kafka cluster (their strimzi.io/cluster label)" -}}
{{- end -}}
{{- if $strimzi.users.enabled -}}
{{- if or (not (include "taskfleet.saslEnabled" .)) (ne $kafka.sasl.mechanism "SCRAM-SHA-512") -}}
{{- fail (printf "strimzi.users.enabled creates SCRAM-SHA-512 users: set kafka.securityProtocol to SASL_SSL (or SASL_PLAINTEXT) and kafka.sasl.mechanism to SCRAM-SHA-512 (they are %s and %s)" $kafka.securityProtocol $kafka.sasl.mechanism) -}}
{{- end -}}
{{- if $kafka.sasl.existingSecret -}}
{{- fail "strimzi.users.enabled: every service logs in as its own KafkaUser, from the Secret the User Operator creates; leave kafka.sasl.existingSecret empty" -}}
{{- end -}}
{{- else if and (include "taskfleet.saslEnabled" .) (not $kafka.sasl.existingSecret) -}}
{{- fail (printf "kafka.securityProtocol %s needs kafka.sasl.existingSecret: a Secret whose key %q holds the JAAS line (or strimzi.users.enabled)" $kafka.securityProtocol $kafka.sasl.jaasConfigKey) -}}
{{- end -}}
{{- end -}}

{{/* Env vars every service needs: Kafka connection, topic layout, tier order, SASL/TLS.
     kafka.* keys reach the Kafka clients through Quarkus' default-kafka-broker map, which takes
     every config name starting with "kafka", lower-cases it and turns "_" into ".":
     KAFKA_SASL_JAAS_CONFIG becomes sasl.jaas.config.
     Call with (dict "root" $ "kafkaUser" <the service's principal>). */}}
{{- define "taskfleet.commonEnv" -}}
{{- $root := .root -}}
{{- $kafka := $root.Values.kafka -}}
{{- include "taskfleet.kafkaChecks" $root -}}
- name: KAFKA_BOOTSTRAP_SERVERS
  value: {{ $kafka.bootstrapServers | quote }}
- name: TASKFLEET_TOPIC_PREFIX
  value: {{ $kafka.topicPrefix | quote }}
- name: TASKFLEET_TIER_ORDER
  value: {{ include "taskfleet.tierOrder" $root | quote }}
- name: TASKFLEET_TOPICS_PARTITIONS
  value: {{ $kafka.topics.partitions | quote }}
- name: TASKFLEET_TOPICS_REPLICATION_FACTOR
  value: {{ $kafka.topics.replicationFactor | quote }}
{{- if ne $kafka.securityProtocol "PLAINTEXT" }}
- name: KAFKA_SECURITY_PROTOCOL
  value: {{ $kafka.securityProtocol | quote }}
{{- end }}
{{- if include "taskfleet.saslEnabled" $root }}
- name: KAFKA_SASL_MECHANISM
  value: {{ $kafka.sasl.mechanism | quote }}
- name: KAFKA_SASL_JAAS_CONFIG
  valueFrom:
    secretKeyRef:
      name: {{ include "taskfleet.saslSecret" (dict "root" $root "user" .kafkaUser) }}
      key: {{ include "taskfleet.jaasConfigKey" $root }}
{{- end }}
{{- if and (include "taskfleet.tlsEnabled" $root) $kafka.tls.caSecret }}
- name: KAFKA_SSL_TRUSTSTORE_TYPE
  value: PEM
- name: KAFKA_SSL_TRUSTSTORE_LOCATION
  value: /etc/taskfleet/kafka-tls/{{ $kafka.tls.caKey }}
{{- end }}
{{- with $root.Values.pod.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Whether KEDA's Kafka client needs a TriggerAuthentication: SASL credentials, or a private CA
     for TLS. */}}
{{- define "taskfleet.kedaAuthenticates" -}}
{{- if or (include "taskfleet.saslEnabled" .) (and (include "taskfleet.tlsEnabled" .) .Values.kafka.tls.caSecret) -}}true{{- end -}}
{{- end -}}

{{/* Bootstrap servers for KEDA's Kafka client, which runs in the KEDA operator's namespace, not
     the release's (kedacore/keda#978): a name the services resolve through their namespace's
     DNS search path means nothing there. A host without a dot can only be a Service of the
     release's namespace and is completed to <host>.<namespace>.svc; addresses, names ending in
     .svc or holding ".svc." and names with two or more dots resolve the same everywhere. A host
     with one dot is <pod>.<service> of this namespace or <service>.<namespace>: no guess is
     safe, so the render fails and asks for the full name. */}}
{{- define "taskfleet.kedaBootstrapServers" -}}
{{- if .Values.autoscaling.keda.bootstrapServers -}}
{{- .Values.autoscaling.keda.bootstrapServers -}}
{{- else -}}
{{- $servers := list -}}
{{- range $server := splitList "," .Values.kafka.bootstrapServers -}}
{{- $port := regexFind "[0-9]+$" $server -}}
{{- $host := trimSuffix (printf ":%s" $port) $server -}}
{{- $dots := sub (len (splitList "." $host)) 1 -}}
{{- if or (regexMatch "^[0-9.]+$" $host) (hasPrefix "[" $host) (hasSuffix ".svc" $host) (contains ".svc." $host) (gt $dots 1) -}}
{{- $servers = append $servers $server -}}
{{- else if eq $dots 0 -}}
{{- $servers = append $servers (printf "%s.%s.svc:%s" $host $.Release.Namespace $port) -}}
{{- else -}}
{{- fail (printf "autoscaling.keda: KEDA resolves broker %q from the KEDA operator's namespace, where %q is ambiguous: <pod>.<service> of namespace %s, or <service>.<namespace>. Write it fully qualified in kafka.bootstrapServers (<pod>.<service>.<namespace>.svc or <service>.<namespace>.svc), or set autoscaling.keda.bootstrapServers" $server $host $.Release.Namespace) -}}
{{- end -}}
{{- end -}}
{{- join "," $servers -}}
{{- end -}}
{{- end -}}
