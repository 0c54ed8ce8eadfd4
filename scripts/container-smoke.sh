#!/usr/bin/env bash
# Builds the Tributary image with podman and checks that it really runs, without a registry or a
# Docker engine: scripts/container-smoke.sh   (as root, on Debian or Ubuntu)
#
#  1. Makes the base images on this machine once (debootstrap of Debian bookworm, then Debian's
#     OpenJDK 17: a JDK + Maven image for the build stage, a JRE image for the runtime) and keeps
#     them as localhost/tributary-base-* images; later runs reuse them.
#  2. Builds the Dockerfile with those bases (--build-arg BUILD_IMAGE / RUNTIME_IMAGE). The build
#     stage reads this machine's Maven repository (~/.m2/repository, mounted copy-on-write) offline
#     when it has one; otherwise Maven downloads as it would under `docker build`.
#  3. Starts two PostgreSQL servers (Debian's postgresql package) on 127.0.0.1, runs a
#     PostgreSQL -> PostgreSQL pipeline in the container (--network=host, the image's own
#     command line: port 8080, state in a named volume), and checks the snapshot, the stream, the
#     HEALTHCHECK and /health/ready; stops the container (SIGTERM, then SIGKILL), writes rows while
#     it is down, starts it again and checks that it resumed from the volume (no second snapshot)
#     and that the target equals the source.
#
# Prints each check; exits non-zero on the first failure. Needs: podman, debootstrap (only while the
# bases are missing), postgresql (server and psql), curl, and the free port 8080 on the host.
# apt-get install podman runc debootstrap uidmap fuse-overlayfs slirp4netns postgresql curl
# Environment: SMOKE_DIR (work directory, default /var/tmp/tributary-container-smoke),
# DEBIAN_MIRROR (default http://deb.debian.org/debian), MAVEN_REPOSITORY (default ~/.m2/repository),
# SMOKE_KEEP=1 leaves the container, volume and servers in place for a look afterwards.
set -euo pipefail

root=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd -P)
work=${SMOKE_DIR:-/var/tmp/tributary-container-smoke}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
maven_repository=${MAVEN_REPOSITORY:-$HOME/.m2/repository}
suite=bookworm
base_debian=localhost/tributary-base-debian:$suite
base_build=localhost/tributary-base-build:$suite
base_runtime=localhost/tributary-base-runtime:$suite
image=localhost/tributary:smoke
container=tributary-smoke
volume=tributary-smoke-state
http=http://127.0.0.1:8080

step() { printf '\n== %s\n' "$*"; }
ok() { printf 'ok   %s\n' "$*"; }
fail() {
    printf 'FAIL %s\n' "$*" >&2
    exit 1
}

# --- container engine ------------------------------------------------------------------------

# podman's defaults (crun, raising the open-file and process limits) fail on some hosts: crun
# refuses hybrid cgroup v1/v2 hierarchies, and a process without CAP_SYS_RESOURCE may not raise its
# limits. Then use runc and the limits this shell has, through a containers.conf of our own.
choose_engine_settings() {
    if podman run --rm --network=host "$base_debian" true >/dev/null 2>"$work/engine-check.log"; then
        ok "podman runs containers with its defaults"
        return
    fi
    local nproc
    nproc=$(ulimit -Hu)
    [ "$nproc" = unlimited ] || [ "$nproc" -gt 32768 ] && nproc=32768
    cat >"$work/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=$(ulimit -Hn):$(ulimit -Hn)", "nproc=$nproc:$nproc"]
[engine]
runtime = "runc"
EOF
    export CONTAINERS_CONF=$work/containers.conf
    if podman run --rm --network=host "$base_debian" true >>"$work/engine-check.log" 2>&1; then
        ok "podman runs containers with runc and limits nofile=$(ulimit -Hn) nproc=$nproc ($work/containers.conf;" \
            "the defaults failed: $(grep -m1 -i error "$work/engine-check.log"))"
    else
        fail "podman cannot run a container here: $(grep -i error "$work/engine-check.log" | tr '\n' ' ')"
    fi
}

# --- base images -------------------------------------------------------------------------------

# A minimal Debian made with debootstrap, imported as an image.
make_debian_base() {
    podman image exists "$base_debian" && return
    command -v debootstrap >/dev/null || fail "debootstrap is missing: apt-get install debootstrap"
    local rootfs=$work/rootfs
    rm -rf "$rootfs"
    echo "debootstrap $suite from $mirror (once; kept as $base_debian)"
    debootstrap --variant=minbase "$suite" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
        || fail "debootstrap failed; see $work/debootstrap.log"
    cat >"$rootfs/etc/apt/sources.list" <<EOF
deb $mirror $suite main
deb $mirror $suite-updates main
deb http://deb.debian.org/debian-security $suite-security main
EOF
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    tar -C "$rootfs" --numeric-owner -c . \
        | podman import -q --change 'ENV LANG=C.UTF-8' --change 'CMD ["bash"]' - "$base_debian" >/dev/null
    rm -rf "$rootfs"
}

# An image FROM the Debian base with the given Debian packages.
make_package_image() {
    local tag=$1
    shift
    podman image exists "$tag" && return
    echo "building $tag with $*"
    printf 'FROM %s\nRUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends %s && rm -rf /var/lib/apt/lists/*\n' \
        "$base_debian" "$*" >"$work/Containerfile.base"
    podman build -q --network=host -f "$work/Containerfile.base" -t "$tag" "$work" >"$work/base-build.log" 2>&1 \
        || { tail -20 "$work/base-build.log" >&2; fail "building $tag failed; see $work/base-build.log"; }
    rm -f "$work/Containerfile.base"
}

prepare_bases() {
    step "Base images (made here once, reused after)"
    mkdir -p "$work"
    make_debian_base
    choose_engine_settings
    # ca-certificates-java comes with the JDK/JRE; maven is Debian's 3.8.
    make_package_image "$base_build" openjdk-17-jdk-headless maven
    make_package_image "$base_runtime" openjdk-17-jre-headless
    for base in "$base_debian" "$base_build" "$base_runtime"; do
        ok "$base ($(podman image inspect --format '{{.Size}}' "$base" | awk '{ printf "%d MB", $1 / 1000000 }'))"
    done
}

# --- the image ---------------------------------------------------------------------------------

build_image() {
    step "Image build (podman build --format docker: the OCI format would drop the HEALTHCHECK)"
    local args=(--format docker --network=host --target runtime
        --build-arg "BUILD_IMAGE=$base_build" --build-arg "RUNTIME_IMAGE=$base_runtime" -t "$image")
    if [ -d "$maven_repository" ]; then
        # :O mounts an overlay: the build reads the repository, writes go to a throw-away layer.
        args+=(-v "$maven_repository:/root/.m2/repository:O" --build-arg MAVEN_FLAGS=-o)
        echo "the build stage uses $maven_repository offline (copy-on-write)"
    fi
    local start=$SECONDS
    podman build "${args[@]}" "$root" >"$work/build.log" 2>&1 \
        || { tail -30 "$work/build.log" >&2; fail "podman build failed; the whole output is in $work/build.log"; }
    ok "built $image in $((SECONDS - start)) s, $(podman image inspect --format '{{.Size}}' "$image" | awk '{ printf "%d MB", $1 / 1000000 }')"
    podman image prune -f >/dev/null
}

# --- PostgreSQL servers on the host ------------------------------------------------------------

pg_bin=
source_port=
target_port=

free_port() {
    local port
    for port in $(seq "$1" $(($1 + 200))); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
    fail "no free port from $1"
}

# start_server NAME PORT: a fresh server in $work/pg-NAME, on 127.0.0.1 only, run as user postgres.
start_server() {
    local dir=$work/pg-$1 port=$2
    rm -rf "$dir"
    mkdir -p "$dir"
    chown postgres: "$dir"
    runuser -u postgres -- "$pg_bin/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
        -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || fail "initdb failed; see $dir/initdb.log"
    cat >>"$dir/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
wal_level = logical
max_wal_senders = 4
max_replication_slots = 4
fsync = off
EOF
    runuser -u postgres -- "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w start >/dev/null \
        || fail "PostgreSQL $1 did not start; see $dir/server.log"
}

stop_server() {
    local dir=$work/pg-$1
    [ -f "$dir/data/postmaster.pid" ] && runuser -u postgres -- "$pg_bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1
    return 0
}

# sql NAME USER DATABASE COMMAND...: runs each command (one transaction each) through the server's
# socket and prints the rows unaligned.
sql() {
    local server=$1 user=$2 database=$3 port=$target_port
    shift 3
    [ "$server" = source ] && port=$source_port
    local commands=()
    for command in "$@"; do
        commands+=(-c "$command")
    done
    "$pg_bin/psql" -X -q -At -v ON_ERROR_STOP=1 -h "$work/pg-$server" -p "$port" -U "$user" -d "$database" "${commands[@]}"
}

start_servers() {
    step "PostgreSQL servers on the host (127.0.0.1 only)"
    pg_bin=$(find /usr/lib/postgresql -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -1)
    [ -n "$pg_bin" ] || fail "PostgreSQL is missing: apt-get install postgresql"
    stop_server source # left running by SMOKE_KEEP=1
    stop_server target
    source_port=$(free_port 55432)
    start_server source "$source_port"
    target_port=$(free_port $((source_port + 1)))
    start_server target "$target_port"
    sql source postgres postgres "CREATE ROLE cdc LOGIN REPLICATION PASSWORD 'source-secret'" "CREATE DATABASE shop OWNER cdc"
    sql target postgres postgres "CREATE ROLE writer LOGIN PASSWORD 'target-secret'" "CREATE DATABASE replica OWNER writer"
    sql source cdc shop "
        CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL, city text);
        INSERT INTO customers SELECT i, 'customer ' || i, (ARRAY['Zürich', 'Kraków', '東京', NULL])[i % 4 + 1]
          FROM generate_series(1, 3000) i;
        CREATE TABLE orders (id bigint PRIMARY KEY, customer_id int NOT NULL, amount numeric(12, 2) NOT NULL,
          note text, ordered_at timestamp NOT NULL);
        INSERT INTO orders SELECT i, i % 3000 + 1, (i % 997) * 1.25, repeat('x', i % 50),
          timestamp '2026-01-01 00:00:00' + i * interval '1 minute' FROM generate_series(1, 60000) i;"
    ok "$("$pg_bin/postgres" --version): source 127.0.0.1:$source_port (shop: customers" \
        "$(sql source cdc shop "SELECT count(*) FROM customers") rows, orders $(sql source cdc shop "SELECT count(*) FROM orders"))," \
        "target 127.0.0.1:$target_port (replica)"
}

# Row count and digest of a table's rows in id order, the same text on both sides.
digest() {
    local server=$1 user=$2 database=$3 table=$4
    local columns="id, name, city"
    [ "$table" = orders ] && columns="id, customer_id, amount, note, ordered_at"
    sql "$server" "$user" "$database" "SELECT count(*) || ' ' || coalesce(md5(string_agg(row($columns)::text, ',' ORDER BY id)), '-') FROM public.$table"
}

# Waits until every table of the target equals the source's; prints the row counts.
wait_equal() {
    local deadline=$((SECONDS + $1)) table source target summary
    while :; do
        summary=
        local equal=1
        for table in customers orders; do
            source=$(digest source cdc shop "$table")
            target=$(digest target writer replica "$table" 2>/dev/null || echo missing)
            [ "$source" = "$target" ] || equal=0
            summary="$summary${summary:+, }$table ${source%% *}/${target%% *}"
        done
        if [ $equal = 1 ]; then
            echo "$summary"
            return 0
        fi
        [ $SECONDS -lt $deadline ] || { echo "$summary"; return 1; }
        sleep 2
    done
}

# --- the pipeline in the container --------------------------------------------------------------

container_logs() {
    podman logs "$container" 2>&1
}

http_code() {
    curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$http$1" || true
}

status_field() {
    curl -fsS --max-time 5 "$http/status" 2>/dev/null | grep -o "\"$1\":[^,}]*" | head -1 | cut -d: -f2- | tr -d '"'
}

wait_for() {
    local what=$1 seconds=$2
    shift 2
    local deadline=$((SECONDS + seconds))
    until "$@"; do
        if [ $SECONDS -ge $deadline ]; then
            container_logs | tail -40 >&2
            fail "$what: not within $seconds s (the container's last log lines are above)"
        fi
        sleep 2
    done
}

is_streaming() { [ "$(status_field phase)" = streaming ]; }
is_ready() { [ "$(http_code /health/ready)" = 200 ]; }
is_live() { [ "$(http_code /health/live)" = 200 ]; }

check_health() {
    wait_for "/health/ready answers 200" 90 is_ready
    ok "/health/ready answers 200 (checkpoints completed since the start: $(status_field completed))"
    local output
    output=$(podman healthcheck run "$container" 2>&1) || fail "the image's HEALTHCHECK failed: $output"
    ok "the image's HEALTHCHECK ($(podman image inspect --format '{{join .Config.Healthcheck.Test " "}}' "$image")) passes: ${output:-healthy}"
}

write_pipeline_file() {
    cat >"$work/pipeline.yaml" <<EOF
source:
  type: postgres
  hostname: 127.0.0.1
  port: $source_port
  username: cdc
  password: \${PG_PASSWORD}
  tables: shop.public.\.*
  slot.name: tributary_smoke
  scan.incremental.snapshot.chunk.size: 8000
sink:
  type: jdbc
  url: jdbc:postgresql://127.0.0.1:$target_port/replica
  username: writer
  password: \${TARGET_PASSWORD}
pipeline:
  name: container-smoke
  parallelism: 2
  execution.checkpointing.interval: 3s
EOF
    chmod 644 "$work/pipeline.yaml"
}

# change FROM TO LABEL: inserts orders FROM..TO, updates and deletes some rows, in one transaction;
# prints what it changed.
change() {
    sql source cdc shop "
        WITH inserted AS (INSERT INTO orders SELECT i, i % 3000 + 1, 9.99, '$3', timestamp '2026-06-01' + i * interval '1 second'
                            FROM generate_series($1, $2) i RETURNING 1),
             updated AS (UPDATE orders SET amount = amount + 1, note = '$3' WHERE id % 97 = $2 % 97 RETURNING 1),
             moved AS (UPDATE customers SET city = 'São Paulo' WHERE id % 89 = $2 % 89 RETURNING 1),
             deleted AS (DELETE FROM orders WHERE id % 101 = $2 % 101 RETURNING 1)
        SELECT (SELECT count(*) FROM inserted) || ' inserts, '
            || (SELECT count(*) FROM updated) + (SELECT count(*) FROM moved) || ' updates, '
            || (SELECT count(*) FROM deleted) || ' deletes'"
}

first_run() {
    step "First run: snapshot, then streaming"
    (exec 3<>/dev/tcp/127.0.0.1/8080) 2>/dev/null && fail "port 8080 is in use on this host; the container serves there (--network=host)"
    podman rm -f "$container" >/dev/null 2>&1 || true
    podman volume rm -f "$volume" >/dev/null 2>&1 || true
    podman volume create "$volume" >/dev/null
    write_pipeline_file
    # The image's own command line: run /etc/tributary/pipeline.yaml, state in the volume, port 8080.
    podman run -d --name "$container" --network=host \
        -e PG_PASSWORD=source-secret -e TARGET_PASSWORD=target-secret \
        -v "$work/pipeline.yaml:/etc/tributary/pipeline.yaml:ro" -v "$volume:/var/lib/tributary" \
        "$image" >/dev/null 2>"$work/run.log" || fail "podman run failed: $(cat "$work/run.log")"
    ok "container $container started: user $(podman inspect --format '{{.Config.User}}, command {{join .Config.Cmd " "}}' "$container")"
    wait_for "/health/live answers 200" 60 is_live
    ok "/health/live answers 200"
    local start=$SECONDS
    wait_for "the pipeline streams" 240 is_streaming
    ok "phase streaming after $((SECONDS - start)) s: snapshot of $(status_field tables) tables," \
        "$(status_field chunksFinished) chunks, $(status_field rows) rows"
    local counts
    counts=$(wait_equal 60) || fail "target differs from source after the snapshot (rows source/target: $counts)"
    ok "target equals source after the snapshot (rows source/target: $counts)"
    local changed
    changed=$(change 60001 60500 'while running')
    counts=$(wait_equal 60) || fail "changes made while streaming did not arrive (rows source/target: $counts)"
    ok "changes made while streaming ($changed) arrived; target equals source ($counts)"
    check_health
}

# stop_and_resume stop|kill: stops the container (SIGTERM, or SIGKILL as in a crash), changes the
# source, starts the container again and checks that it resumed from the volume without
# snapshotting again and that the target ends equal to the source.
stop_and_resume() {
    local how=$1 from=$2 to=$3
    local splits captured start=$SECONDS exit_code first_xid
    splits=$(container_logs | grep -c 'Split table' || true)
    captured=$(container_logs | grep -c 'Capturing .* tables' || true)
    # Every row the sink writes gets a newer xmin: a second snapshot would rewrite every row.
    first_xid=$(sql target postgres replica "SELECT txid_current()")
    if [ "$how" = stop ]; then
        step "podman stop, change the source while stopped, podman start"
        local savepoints
        savepoints=$(container_logs | grep -c 'stopped with savepoint' || true)
        podman stop -t 120 "$container" >/dev/null 2>&1 || fail "podman stop failed"
        exit_code=$(podman inspect --format '{{.State.ExitCode}}' "$container")
        [ "$(container_logs | grep -c 'stopped with savepoint' || true)" -gt "$savepoints" ] \
            || { container_logs | tail -20 >&2; fail "SIGTERM did not stop the pipeline with a savepoint (exit code $exit_code)"; }
        ok "SIGTERM stopped the pipeline with a savepoint in $((SECONDS - start)) s (exit code $exit_code)"
    else
        step "podman kill (SIGKILL), change the source while it is down, podman start"
        podman kill -s KILL "$container" >/dev/null 2>&1 || fail "podman kill failed"
        podman wait "$container" >/dev/null 2>&1 || true
        ok "killed (exit code $(podman inspect --format '{{.State.ExitCode}}' "$container"))"
    fi
    local mountpoint
    mountpoint=$(podman volume inspect --format '{{.Mountpoint}}' "$volume")
    ok "the volume holds (owner): $(cd "$mountpoint" && find . -mindepth 1 -maxdepth 1 -printf '%P (%u) ' | sort)"
    ok "while down: $(change "$from" "$to" "while down after $how")"
    start=$SECONDS
    podman start "$container" >/dev/null 2>>"$work/run.log" || fail "podman start failed: $(tail -3 "$work/run.log")"
    wait_for "the restarted pipeline streams" 180 is_streaming
    local resumed source_line
    resumed=$(container_logs | grep 'Resuming pipeline' | tail -1)
    [ -n "$resumed" ] || fail "the restarted container did not resume from the volume"
    ok "streaming again $((SECONDS - start)) s after podman start: ${resumed#* - }"
    source_line=$(container_logs | grep 'Resuming .* source:' | tail -1)
    [ -n "$source_line" ] && ok "${source_line#* - }"
    if [ "$(container_logs | grep -c 'Split table' || true)" != "$splits" ] \
        || [ "$(container_logs | grep -c 'Capturing .* tables' || true)" != "$captured" ]; then
        fail "the restarted pipeline snapshotted again (tables captured or split anew)"
    fi
    ok "no second snapshot: no table captured or split anew since the first run ($captured discovery, $splits splits)"
    local counts
    counts=$(wait_equal 90) || fail "changes made while down did not arrive (rows source/target: $counts)"
    ok "changes made while down arrived; target equals source ($counts)"
    local rewritten total
    rewritten=$(sql target postgres replica "SELECT (SELECT count(*) FROM orders WHERE xmin::text::bigint >= $first_xid)
        + (SELECT count(*) FROM customers WHERE xmin::text::bigint >= $first_xid)")
    total=$(sql target postgres replica "SELECT (SELECT count(*) FROM orders) + (SELECT count(*) FROM customers)")
    [ $((rewritten * 2)) -lt "$total" ] || fail "$rewritten of the target's $total rows were written again since the $how: a second snapshot"
    ok "$rewritten of the target's $total rows written since the $how: the changes, not a second snapshot"
    check_health
}

report_log() {
    step "The container's log"
    local lines problems
    lines=$(container_logs | wc -l)
    problems=$(container_logs | grep -cE '^[0-9-]+ [0-9:.]+ (WARN|ERROR)' || true)
    ok "$lines lines, $problems at WARN or ERROR"
    container_logs | grep -E '^[0-9-]+ [0-9:.]+ (WARN|ERROR)' | cut -c1-240 | sed 's/^/     /' || true
}

cleanup() {
    local status=$?
    if [ "${SMOKE_KEEP:-0}" = 1 ]; then
        echo "left in place (SMOKE_KEEP=1): container $container, volume $volume, servers in $work/pg-*"
        return
    fi
    if [ -n "${container_started:-}" ]; then
        [ $status = 0 ] || container_logs >"$work/container.log" 2>&1 || true
        podman rm -f -t 30 "$container" >/dev/null 2>&1 || true
        podman volume rm -f "$volume" >/dev/null 2>&1 || true
    fi
    stop_server source
    stop_server target
    [ $status = 0 ] && rm -rf "$work"/pg-source "$work"/pg-target
    [ $status = 0 ] || echo "the container's log is in $work/container.log; the servers' in $work/pg-*/server.log" >&2
}

main() {
    [ "$(id -u)" = 0 ] || fail "run as root (rootful podman, and the PostgreSQL servers run as user postgres)"
    command -v podman >/dev/null || fail "podman is missing: apt-get install podman"
    prepare_bases
    build_image
    trap cleanup EXIT
    container_started=1
    start_servers
    first_run
    stop_and_resume stop 60501 61500
    stop_and_resume kill 61501 62500
    report_log
    step "All checks passed"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    main "$@"
fi
