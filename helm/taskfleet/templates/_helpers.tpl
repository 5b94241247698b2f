{{/* Chart name, overridable. */}}
{{- define "taskfleet.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Prefix of every object name, at most 24 characters so that "-producer", "-router-policy" and
     the like fit in 63. It begins every Service name, which must be a DNS-1035 label: a release
     name that starts with a digit or holds a "." needs fullnameOverride. */}}
{{- define "taskfleet.fullname" -}}
{{- $fullname := "" -}}
{{- if .Values.fullnameOverride -}}
{{- $fullname = .Values.fullnameOverride | trunc 24 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- $fullname = .Release.Name | trunc 24 | trimSuffix "-" -}}
{{- else -}}
{{- $fullname = printf "%s-%s" .Release.Name $name | trunc 24 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- if not (regexMatch "^[a-z]([-a-z0-9]*[a-z0-9])?$" $fullname) -}}
{{- fail (printf "object names would start with %q, which a Service name may not (a DNS-1035 label: a letter first, then lower-case letters, digits and '-'); set fullnameOverride" $fullname) -}}
{{- end -}}
{{- $fullname -}}
{{- end -}}

{{/* Name of every object of one tier's workers (Deployment, Service, ConfigMap, autoscaler,
     PodDisruptionBudget, KafkaUser): "<fullname>-worker-<tier>" when that has at most 54
     characters. KEDA 2.20+ refuses a ScaledObject whose HPA name, "keda-hpa-<name>", is over 63;
     a longer name keeps its first 45 characters and ends with 8 hex digits of its SHA-256, so
     tiers whose long names share a beginning still get different objects.
     Call with (dict "root" $ "tier" "<tier name>"). */}}
{{- define "taskfleet.workerName" -}}
{{- $name := printf "%s-worker-%s" (include "taskfleet.fullname" .root) .tier -}}
{{- if le (len $name) 54 -}}
{{- $name -}}
{{- else -}}
{{- printf "%s-%s" ($name | trunc 45 | trimSuffix "-") ($name | sha256sum | trunc 8) -}}
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
