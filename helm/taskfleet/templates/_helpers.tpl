{{/* Chart name, overridable. */}}
{{- define "taskfleet.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Prefix of every object name. Worker names append "-worker-<tier>" (up to 39 characters),
     so the prefix is kept to 24 characters to stay inside the 63-character label limit. */}}
{{- define "taskfleet.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 24 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 24 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 24 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "taskfleet.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels every object carries. Call with (dict "root" $ "component" "router"). */}}
{{- define "taskfleet.labels" -}}
helm.sh/chart: {{ include "taskfleet.chart" .root }}
{{ include "taskfleet.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: taskfleet
{{- end -}}

{{/* Selector labels: name, instance, component and, for a worker, its tier. */}}
{{- define "taskfleet.selectorLabels" -}}
app.kubernetes.io/name: {{ include "taskfleet.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- if .tier }}
taskfleet.dev/tier: {{ .tier }}
{{- end }}
{{- end -}}

{{/* <registry>/<repository>:<tag> for one service. Call with (dict "root" $ "repository" "..."). */}}
{{- define "taskfleet.image" -}}
{{- $tag := default .root.Chart.AppVersion .root.Values.image.tag -}}
{{- if .root.Values.image.registry -}}
{{- printf "%s/%s:%s" (trimSuffix "/" .root.Values.image.registry) .repository $tag -}}
{{- else -}}
{{- printf "%s:%s" .repository $tag -}}
{{- end -}}
{{- end -}}

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

{{- define "taskfleet.saslEnabled" -}}
{{- if hasPrefix "SASL_" .Values.kafka.securityProtocol -}}true{{- end -}}
{{- end -}}

{{- define "taskfleet.tlsEnabled" -}}
{{- if or (eq .Values.kafka.securityProtocol "SSL") (eq .Values.kafka.securityProtocol "SASL_SSL") -}}true{{- end -}}
{{- end -}}

{{/* Env vars every service needs: Kafka connection, topic layout, tier order, SASL/TLS.
     kafka.* keys reach the Kafka clients through Quarkus' default-kafka-broker map, which takes
     every config name starting with "kafka", lower-cases it and turns "_" into ".":
     KAFKA_SASL_JAAS_CONFIG becomes sasl.jaas.config. */}}
{{- define "taskfleet.commonEnv" -}}
- name: KAFKA_BOOTSTRAP_SERVERS
  value: {{ .Values.kafka.bootstrapServers | quote }}
- name: TASKFLEET_TOPIC_PREFIX
  value: {{ .Values.kafka.topicPrefix | quote }}
- name: TASKFLEET_TIER_ORDER
  value: {{ include "taskfleet.tierOrder" . | quote }}
- name: TASKFLEET_TOPICS_PARTITIONS
  value: {{ .Values.kafka.topics.partitions | quote }}
- name: TASKFLEET_TOPICS_REPLICATION_FACTOR
  value: {{ .Values.kafka.topics.replicationFactor | quote }}
{{- if ne .Values.kafka.securityProtocol "PLAINTEXT" }}
- name: KAFKA_SECURITY_PROTOCOL
  value: {{ .Values.kafka.securityProtocol | quote }}
{{- end }}
{{- if include "taskfleet.saslEnabled" . }}
{{- if not .Values.kafka.sasl.existingSecret }}
{{- fail (printf "kafka.securityProtocol %s needs kafka.sasl.existingSecret: a Secret whose key %q holds the JAAS line" .Values.kafka.securityProtocol .Values.kafka.sasl.jaasConfigKey) }}
{{- end }}
- name: KAFKA_SASL_MECHANISM
  value: {{ .Values.kafka.sasl.mechanism | quote }}
- name: KAFKA_SASL_JAAS_CONFIG
  valueFrom:
    secretKeyRef:
      name: {{ .Values.kafka.sasl.existingSecret }}
      key: {{ .Values.kafka.sasl.jaasConfigKey }}
{{- end }}
{{- if and (include "taskfleet.tlsEnabled" .) .Values.kafka.tls.caSecret }}
- name: KAFKA_SSL_TRUSTSTORE_TYPE
  value: PEM
- name: KAFKA_SSL_TRUSTSTORE_LOCATION
  value: /etc/taskfleet/kafka-tls/{{ .Values.kafka.tls.caKey }}
{{- end }}
{{- with .Values.pod.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "taskfleet.tierOrder" -}}
{{- $names := list -}}
{{- range .Values.tiers }}{{ $names = append $names .name }}{{ end -}}
{{- join "," $names -}}
{{- end -}}

{{/* Volumes every service pod mounts: a writable /tmp (the root filesystem is read-only), the
     service's config/application.properties and, with TLS, the brokers' CA. */}}
{{- define "taskfleet.volumes" -}}
- name: tmp
  emptyDir: {}
- name: config
  configMap:
    name: {{ .configMap }}
{{- if and (include "taskfleet.tlsEnabled" .root) .root.Values.kafka.tls.caSecret }}
- name: kafka-tls
  secret:
    secretName: {{ .root.Values.kafka.tls.caSecret }}
    items:
      - key: {{ .root.Values.kafka.tls.caKey }}
        path: {{ .root.Values.kafka.tls.caKey }}
{{- end }}
{{- end -}}

{{- define "taskfleet.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
- name: config
  mountPath: /deployments/config
  readOnly: true
{{- if and (include "taskfleet.tlsEnabled" .) .Values.kafka.tls.caSecret }}
- name: kafka-tls
  mountPath: /etc/taskfleet/kafka-tls
  readOnly: true
{{- end }}
{{- end -}}

{{/* Probes on the Quarkus health endpoints of the "http" port. */}}
{{- define "taskfleet.probes" -}}
startupProbe:
  httpGet: {path: /q/health/live, port: http}
  periodSeconds: 5
  failureThreshold: {{ div .Values.probes.startup.timeoutBudgetSeconds 5 | max 1 }}
livenessProbe:
  httpGet: {path: /q/health/live, port: http}
  periodSeconds: {{ .Values.probes.liveness.periodSeconds }}
  failureThreshold: {{ .Values.probes.liveness.failureThreshold }}
readinessProbe:
  httpGet: {path: /q/health/ready, port: http}
  periodSeconds: {{ .Values.probes.readiness.periodSeconds }}
  failureThreshold: {{ .Values.probes.readiness.failureThreshold }}
{{- end -}}

{{/* Scheduling and security settings shared by every pod spec. */}}
{{- define "taskfleet.podCommon" -}}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml .Values.pod.securityContext | nindent 2 }}
automountServiceAccountToken: false
{{- with .Values.pod.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.pod.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.pod.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}
