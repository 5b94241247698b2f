#!/usr/bin/env bash
# Checks every query of the Grafana dashboard against a real scrape of a real fleet:
#   1. starts the local fleet (./taskfleet local) and a private Prometheus scraping it every 2 s,
#   2. submits examples/demo-batch.jsonl (and one all-invalid batch, so rejections are counted),
#   3. waits until the workers have completed all 1,000 tasks,
#   4. evaluates each panel and variable query of helm/taskfleet/dashboards/taskfleet.json through
#      Prometheus's HTTP API and fails on every query that does not parse or returns no series.
# Stops everything it started on exit. Prints "N passed, M failed"; exits 1 when M > 0.
#
# Needs: java, curl, jq and the prometheus binary (Debian: apt-get install prometheus; the
# Debian service is not used). Installs nothing. Ports 8080-8083, 19092 and 19093 must be free.
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
WORKER_PORTS=(8082 8083)
BUILD=true

while (( $# > 0 )); do
  case "$1" in
    --no-build) BUILD=false ;;
    --dashboard)
      [[ $# -ge 2 && -f "$2" ]] || { echo "verify-dashboard: --dashboard needs an existing file" >&2; exit 2; }
      DASHBOARD="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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
reply="$(curl -sS -X POST -H 'Content-Type: application/x-ndjson' --data-binary @"$BATCH" \
  http://localhost:8080/api/v1/batches)"
accepted="$(jq -r '.accepted // 0' <<< "$reply")"
[[ "$accepted" == "$EXPECTED_TASKS" ]] || fail "the producer accepted $accepted of $EXPECTED_TASKS tasks: $reply"
log "submitted $accepted tasks"
# A batch with nothing valid (answered 400, nothing published): makes the rejection counters exist.
status="$(printf '%s\n' '{"type":"refactor"}' 'not json' | curl -sS -o /dev/null -w '%{http_code}' -X POST \
  -H 'Content-Type: application/x-ndjson' --data-binary @- http://localhost:8080/api/v1/batches)"
[[ "$status" == 400 ]] || fail "an all-invalid batch was answered $status, expected 400"

completed() {
  local total=0 port value
  for port in "${WORKER_PORTS[@]}"; do
    value="$(curl -sf "http://localhost:$port/q/metrics" \
      | awk '/^taskfleet_tasks_completed_total[{ ]/ { s += $NF } END { printf "%d", s }')" || value=0
    total=$((total + ${value:-0}))
  done
  echo "$total"
}
done_count=0
for _ in $(seq 1 300); do
  done_count="$(completed)"
  (( done_count >= EXPECTED_TASKS )) && break
  kill -0 "$FLEET_PID" 2> /dev/null || { tail -n 40 "$WORK/fleet.log" >&2; fail "the fleet exited while working"; }
  sleep 1
done
(( done_count >= EXPECTED_TASKS )) || fail "only $done_count of $EXPECTED_TASKS tasks completed within 5 minutes"
log "all $done_count tasks completed"

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
