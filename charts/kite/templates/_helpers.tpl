{{/* Chart name, truncated to 63 characters (the DNS label limit Kubernetes imposes on names). */}}
{{- define "kite.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: release-chart, unless the release name already contains the chart name. */}}
{{- define "kite.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "kite.namespace" -}}
{{- default .Release.Namespace .Values.namespaceOverride }}
{{- end }}

{{- define "kite.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kite.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "kite.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "kite.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "kite.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "kite.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "kite.image" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag }}
{{- if .Values.image.registry }}
{{- printf "%s/%s:%s" .Values.image.registry .Values.image.repository $tag }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository $tag }}
{{- end }}
{{- end }}

{{/*
Security context of the agent container: privileged when asked, otherwise the least
capabilities the eBPF probe and /proc scanning need (see values.yaml).
*/}}
{{- define "kite.securityContext" -}}
{{- if .Values.securityContext.privileged }}
privileged: true
{{- else }}
privileged: false
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: [ALL]
  add:
{{- range .Values.securityContext.capabilities }}
    - {{ . }}
{{- end }}
{{- if .Values.securityContext.sysAdmin }}
    - SYS_ADMIN
{{- end }}
{{- end }}
{{- end }}

{{/* The rules files Kite loads: the configured ones, then every custom rule file. */}}
{{- define "kite.rulesFiles" -}}
{{- $files := .Values.kite.rules_files | default list }}
{{- range $name, $_ := .Values.customRules }}
{{- $files = append $files (printf "/etc/kite/rules.d/%s" $name) }}
{{- end }}
{{- toYaml $files }}
{{- end }}
