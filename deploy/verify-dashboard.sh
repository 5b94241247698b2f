#!/usr/bin/env bash
# Checks every query of the Grafana dashboard against a real scrape of a real fleet:
#   1. starts the local fleet (./taskfleet local) and a private Prometheus scraping it every 2 s,
#   2. produces every event a panel draws: submits examples/demo-batch.jsonl, an all-invalid batch
#      (rejections), calls without and with a wrong API key (auth failures), a batch whose answers
#      can never pass its `expect` check (output rejections, escalations, failed tasks) and then
#      retries it (resubmissions), and a batch it cancels at once (cancelled tasks),
#   3. waits until every batch is finished (GET /api/v1/batches/{id}),
#   4. evaluates each panel and variable query of helm/taskfleet/dashboards/taskfleet.json through
#      Prometheus's HTTP API and fails on every query that does not parse or returns no series.
# Stops everything it started on exit. Prints "N passed, M failed"; exits 1 when M > 0.
#
# Needs: java, curl, jq and the prometheus binary (Debian: apt-get install prometheus; the
# Debian service is not used). Installs nothing. Ports 8080-8083, 19092 and 19093 must be free.
# The API key is the local one the launcher writes to .taskfleet/api-key (TASKFLEET_API_KEY wins).
#
# Usage: deploy/verify-dashboard.sh [--no-build] [--dashboard FILE]
#   --no-build        run the launcher jar as built, instead of ./taskfleet (which rebuilds the
#                     project first when a source is newer than its jar)
#   --dashboard FILE  check another dashboard JSON (default helm/taskfleet/dashboards/taskfleet.json)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DASHBOARD="$ROOT/helm/taskfleet/dashboards/taskfleet.json"
BATCH="$ROOT/examples/demo-batch.jsonl"
EXPECTED_TASKS="$(grep -c . "$BATCH")"
FLEET_PORTS=(8080 8081 8082 8083 19092 19093)
API="http://localhost:8080/api/v1"
BUILD=true

while (( $# > 0 )); do
  case "$1" in
    --no-build) BUILD=false ;;
    --dashboard)
      [[ $# -ge 2 && -f "$2" ]] || { echo "verify-dashboard: --dashboard needs an existing file" >&2; exit 2; }
      DASHBOARD="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "verify-dashboard: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done

fail() { echo "verify-dashboard: $*" >&2; exit 1; }
log() { echo "verify-dashboard: $*"; }

for tool in prometheus curl jq java setsid; do
  command -v "$tool" > /dev/null || fail "'$tool' is not on PATH (prometheus: apt-get install -y prometheus)"
done

port_in_use() { (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null; }

for port in "${FLEET_PORTS[@]}"; do
  if port_in_use "$port"; then
    fail "port $port is in use (the local fleet needs 8080-8083, 19092 and 19093); stop what holds it: $(ss -ltnpH "sport = :$port" 2> /dev/null | head -n 1)"
  fi
done

PROM_PORT=""
for port in $(seq 19190 19290); do
  if ! port_in_use "$port"; then PROM_PORT="$port"; break; fi
done
[[ -n "$PROM_PORT" ]] || fail "no free port for Prometheus in 19190-19290"
PROM="http://127.0.0.1:$PROM_PORT"

KEPT="$ROOT/.taskfleet/verify-dashboard"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/taskfleet-verify.XXXXXX")"
FLEET_PID=""
PROM_PID=""

# Stops what we started: $1 is a pid, or -pgid for the fleet's own process group (the launcher,
# or a build ./taskfleet runs first, and their children).
stop() {
  local target="$1" name="$2" pid="${1#-}" waited=0
  [[ -n "$pid" ]] && kill -0 "$pid" 2> /dev/null || return 0
  kill -TERM -- "$target" 2> /dev/null || true
  # The launcher stops its services and broker on SIGTERM; a worker may drain for a while.
  while kill -0 "$pid" 2> /dev/null && (( waited < 90 )); do sleep 1; waited=$((waited + 1)); done
  if kill -0 -- "$target" 2> /dev/null; then
    log "$name (pid $pid) did not stop in 90 s; killing it"
    kill -KILL -- "$target" 2> /dev/null || true
  fi
  wait "$pid" 2> /dev/null || true
}

cleanup() {
  local status=$?
  stop "$PROM_PID" prometheus
  [[ -n "$FLEET_PID" ]] && stop "-$FLEET_PID" "the fleet"
  if (( status != 0 )) && [[ -f "$WORK/fleet.log" ]]; then
    # Keep what explains the failure; .taskfleet/ is git-ignored.
    mkdir -p "$KEPT" && cp "$WORK"/*.log "$WORK"/*.yml "$WORK"/*.jsonl "$KEPT"/ 2> /dev/null || true
    echo "verify-dashboard: logs kept in ${KEPT#"$ROOT/"}" >&2
  fi
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- the fleet --------------------------------------------------------------------------------
log "starting the local fleet (log: $WORK/fleet.log)"
cd "$ROOT"
# setsid: the fleet gets a process group of its own, so cleanup reaches all of it and nothing else.
# A monthly budget far above what this run spends gives the budget panels their series (the services
# inherit the environment; MicroProfile Config reads taskfleet.team-defaults.monthly-budget-usd from it).
export TASKFLEET_TEAM_DEFAULTS_MONTHLY_BUDGET_USD=1000
if $BUILD; then
  setsid ./taskfleet local > "$WORK/fleet.log" 2>&1 &
else
  [[ -f launcher/target/taskfleet-launcher.jar ]] || fail "launcher/target/taskfleet-launcher.jar is missing; run without --no-build"
  setsid java -Xmx256m -Dtaskfleet.home="$ROOT" -Dtaskfleet.tty=false -jar launcher/target/taskfleet-launcher.jar local \
    > "$WORK/fleet.log" 2>&1 &
fi
FLEET_PID=$!

ready=false
for _ in $(seq 1 600); do
  kill -0 "$FLEET_PID" 2> /dev/null || { tail -n 40 "$WORK/fleet.log" >&2; fail "the fleet exited before it was ready"; }
  all=true
  for port in 8080 8081 8082 8083; do
    curl -sf -o /dev/null "http://localhost:$port/q/health/ready" || { all=false; break; }
  done
  if $all; then ready=true; break; fi
  sleep 1
done
$ready || { tail -n 40 "$WORK/fleet.log" >&2; fail "the fleet was not ready within 10 minutes"; }
log "fleet ready"

# --- Prometheus -------------------------------------------------------------------------------
cat > "$WORK/prometheus.yml" <<YAML
global:
  scrape_interval: 2s
  evaluation_interval: 2s
scrape_configs:
  - job_name: producer
    metrics_path: /q/metrics
    static_configs: [{targets: ["localhost:8080"]}]
  - job_name: router
    metrics_path: /q/metrics
    static_configs: [{targets: ["localhost:8081"]}]
  - job_name: worker
    metrics_path: /q/metrics
    static_configs: [{targets: ["localhost:8082", "localhost:8083"]}]
YAML
prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/data" \
  --web.listen-address="127.0.0.1:$PROM_PORT" > "$WORK/prometheus.log" 2>&1 &
PROM_PID=$!

query() { curl -sS --max-time 10 -G "$PROM/api/v1/query" --data-urlencode "query=$1" 2> /dev/null || true; }

targets_up=0
for _ in $(seq 1 120); do
  kill -0 "$PROM_PID" 2> /dev/null || { tail -n 20 "$WORK/prometheus.log" >&2; fail "prometheus exited"; }
  targets_up="$(query 'sum(up)' | jq -r '.data.result[0].value[1] // 0' 2> /dev/null || echo 0)"
  [[ "$targets_up" == 4 ]] && break
  sleep 1
done
if [[ "$targets_up" != 4 ]]; then
  curl -sS "$PROM/api/v1/targets" | jq -r '.data.activeTargets[] | select(.health != "up") | "  \(.scrapeUrl): \(.lastError)"' >&2 || true
  fail "Prometheus on $PROM sees $targets_up of 4 targets up after 2 minutes"
fi
log "prometheus on $PROM scrapes 4 targets every 2 s"

# --- the work ---------------------------------------------------------------------------------
KEY="${TASKFLEET_API_KEY:-}"
if [[ -z "$KEY" && -s "$ROOT/.taskfleet/api-key" ]]; then KEY="$(tr -d '[:space:]' < "$ROOT/.taskfleet/api-key")"; fi
[[ -n "$KEY" ]] || fail "no API key: neither TASKFLEET_API_KEY nor .taskfleet/api-key (written by ./taskfleet local)"

# api METHOD PATH [curl args...]: the reply body, then a line with the HTTP status.
api() {
  local method="$1" path="$2"; shift 2
  curl -sS -X "$method" -H "Authorization: Bearer $KEY" -w '\n%{http_code}' "$@" "$API$path"
}
# submit FILE: the new batch's id; fails unless every line was accepted.
submit() {
  local reply lines
  reply="$(api POST /batches -H 'Content-Type: application/x-ndjson' --data-binary @"$1")"
  lines="$(grep -c . "$1")"
  [[ "$(tail -n 1 <<< "$reply")" == 202 && "$(sed '$d' <<< "$reply" | jq -r '.accepted')" == "$lines" ]] \
    || fail "submitting ${1##*/} was not accepted whole: $reply"
  sed '$d' <<< "$reply" | jq -r '.batchId'
}
# status ID: the batch's state and queued count, e.g. "COMPLETED 0".
status() { api GET "/batches/$1" | sed '$d' | jq -r '"\(.state) \(.queued)"' 2> /dev/null || echo "unknown -"; }

main_batch="$(submit "$BATCH")"
log "submitted $EXPECTED_TASKS tasks as batch $main_batch"

# A batch with nothing valid (answered 400, nothing published): makes the rejection counters exist.
code="$(printf '%s\n' '{"type":"refactor"}' 'not json' | api POST /batches -o /dev/null \
  -H 'Content-Type: application/x-ndjson' --data-binary @- | tail -n 1)"
[[ "$code" == 400 ]] || fail "an all-invalid batch was answered $code, expected 400"
# Refused keys, one of each reason (401, counted by the producer).
for header in "X-No-Key: 1" "Authorization: Bearer not-a-key-of-any-team"; do
  code="$(curl -sS -o /dev/null -w '%{http_code}' -H "$header" "$API/batches")"
  [[ "$code" == 401 ]] || fail "a call with '${header%%:*}' was answered $code, expected 401"
done

# Answers can never match this pattern: every attempt is OUTPUT_REJECTED, fast escalates to
# quality, quality (the top tier) fails the task.
for i in $(seq -w 1 20); do
  jq -cn --arg id "verify-expect-$i" '{id: $id, type: "rename", tierHint: "fast",
    prompt: "Rename the variable tmp in parser.go to a name that says what it holds.",
    expect: {kind: "regex", pattern: "^no answer ever looks like this [0-9]{64}$"}}'
done > "$WORK/expect-batch.jsonl"
expect_batch="$(submit "$WORK/expect-batch.jsonl")"

# Cancelled at once: the tasks no worker has started yet finish as CANCELLED.
head -n 300 "$BATCH" > "$WORK/cancel-batch.jsonl"
cancel_batch="$(submit "$WORK/cancel-batch.jsonl")"
code="$(api POST "/batches/$cancel_batch/cancel" -o /dev/null | tail -n 1)"
[[ "$code" == 202 ]] || fail "cancelling batch $cancel_batch was answered $code, expected 202"
log "submitted batches $expect_batch (answers always rejected) and $cancel_batch (cancelled)"

# wait_for ID STATE: until the batch is in STATE with nothing queued (3 minutes at most).
wait_for() {
  local now=""
  for _ in $(seq 1 180); do
    now="$(status "$1")"
    [[ "$now" == "$2 0" ]] && return 0
    kill -0 "$FLEET_PID" 2> /dev/null || { tail -n 40 "$WORK/fleet.log" >&2; fail "the fleet exited while working"; }
    sleep 1
  done
  fail "batch $1 is '$now' after 3 minutes, expected '$2 0'"
}
wait_for "$expect_batch" COMPLETED
code="$(api POST "/batches/$expect_batch/retry" -o /dev/null -H 'Content-Type: application/json' \
  --data '{"tier":"quality"}' | tail -n 1)"
[[ "$code" == 202 ]] || fail "retrying batch $expect_batch was answered $code, expected 202"
# The retry's second run only needs to have been published (taskfleet.tasks.resubmitted).
wait_for "$cancel_batch" CANCELLED
wait_for "$main_batch" COMPLETED
log "all batches finished"

# Micrometer's Kafka binder looks for new client metrics once a minute, so the per-partition lag
# series appear up to a minute after the partitions were assigned.
for _ in $(seq 1 90); do
  [[ "$(query 'count(kafka_consumer_fetch_manager_records_lag{topic=~".+\\.tasks\\..+"})' \
    | jq -r '.data.result | length')" != 0 ]] && break
  sleep 1
done
sleep 4 # two more scrapes, so every counter has two samples in its rate window

# --- the queries ------------------------------------------------------------------------------
# Grafana's variables, as Grafana would expand them with tier "All" (allValue .*).
expand() {
  sed -e 's/\${tier}/.*/g; s/\$tier/.*/g' \
      -e 's/\$__rate_interval/1m/g; s/\$__interval/1m/g; s/\$__range/10m/g'
}

# One JSON line per query: panel title and expression; label_values(m, l) variables become a
# query for the series they read.
jq -c '
  ( .panels[] | select(.targets) | . as $p | .targets[] | {title: $p.title, expr: .expr} ),
  ( .templating.list[] | select(.type == "query")
    | {title: ("variable " + .name),
       expr: (.definition | capture("label_values\\((?<m>[^,]+),\\s*(?<l>[^)]+)\\)") | "count by (\(.l)) (\(.m))")} )
' "$DASHBOARD" > "$WORK/queries.jsonl"

passed=0
failed=0
failures=()
while IFS= read -r line; do
  title="$(jq -r .title <<< "$line")"
  expr="$(jq -r .expr <<< "$line" | expand)"
  answer="$(query "$expr")"
  state="$(jq -r '.status // "no answer"' <<< "$answer" 2> /dev/null || echo "no answer")"
  if [[ "$state" != success ]]; then
    failed=$((failed + 1))
    failures+=("$title: does not evaluate ($(jq -r '.error // empty' <<< "$answer" 2> /dev/null)): $expr")
  elif [[ "$(jq -r '.data.result | length' <<< "$answer")" == 0 ]]; then
    failed=$((failed + 1))
    failures+=("$title: no series: $expr")
  else
    passed=$((passed + 1))
  fi
done < "$WORK/queries.jsonl"

for f in "${failures[@]}"; do echo "FAILED  $f"; done
echo "$passed passed, $failed failed"
(( failed == 0 ))
