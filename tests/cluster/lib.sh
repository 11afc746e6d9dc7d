# Shared by the cluster tests: a pg_auto_failover formation (a monitor and
# two PostgreSQL nodes, primary and synchronous standby), belongd
# processes, and HAProxy in front of them -- all on 127.0.0.1, each on its
# own free port, under the test's directory, stopped by the trap however
# the test ends.  Processes are killed by the PIDs this file recorded.
#
# PostgreSQL refuses to run as root: as root, pg_autoctl and the servers
# it starts run as the postgres user (runuser), in directories it owns.

. "$(dirname "$0")/../integration/lib.sh"

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
[ "$(id -u)" != 0 ] || chown postgres "$T"

for tool in pg_autoctl haproxy; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "1..0 # SKIP $tool not installed (./autogen.sh --deps installs it)"
		exit 0
	fi
done

GROUPS_RUN=	# process groups of `pg_autoctl run` (each its own session)
PIDS_RUN=	# belongd, HAProxy, the load
NODES=		# data directories of the formation's nodes

cluster_cleanup() {
	local p g d
	for p in $PIDS_RUN; do
		kill -KILL "$p" 2>/dev/null && { wait "$p"; } 2>/dev/null
	done
	# pg_autoctl stops its PostgreSQL on SIGTERM; a last SIGKILL for
	# whatever is left of each group, and for each postmaster.
	for g in $GROUPS_RUN; do kill -TERM -- "-$g" 2>/dev/null; done
	for _ in $(seq 1 50); do
		alive=
		for g in $GROUPS_RUN; do kill -0 -- "-$g" 2>/dev/null && alive=1; done
		[ -z "$alive" ] && break
		sleep 0.1
	done
	for g in $GROUPS_RUN; do kill -KILL -- "-$g" 2>/dev/null; done
	for d in $NODES; do
		[ -f "$d/postmaster.pid" ] && kill -KILL "$(head -1 "$d/postmaster.pid")" 2>/dev/null
	done
	# CLUSTER_KEEP=DIR keeps the logs, for a failure to be read.
	[ -z "${CLUSTER_KEEP:-}" ] || cp -a "$T" "$CLUSTER_KEEP" 2>/dev/null
	cleanup
}
trap cluster_cleanup EXIT

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# as_pg CMD...: run CMD as the user that owns the formation, with
# pg_autoctl's own state (XDG directories) under the test's directory,
# from there too (the build directory may be closed to that user).
as_pg() {
	if [ "$(id -u)" = 0 ]; then
		(cd "$T" && runuser -u postgres -- env PATH="$PGBIN:$PATH" \
			XDG_CONFIG_HOME="$T/xdg-config" XDG_DATA_HOME="$T/xdg-data" "$@")
	else
		(cd "$T" && env PATH="$PGBIN:$PATH" XDG_CONFIG_HOME="$T/xdg-config" \
			XDG_DATA_HOME="$T/xdg-data" "$@")
	fi
}

# autoctl_run NAME: `pg_autoctl run` for $T/NAME in a session of its own,
# so that the node (pg_autoctl and its PostgreSQL) can be killed as one
# process group; sets GROUP_<NAME>.
autoctl_run() {
	local name=$1
	rm -f "$T/$name.group"
	# sh records its pid, then becomes pg_autoctl in a new session
	# (setsid does not fork: sh is not a group leader), so the pid is
	# the group.
	as_pg sh -c 'echo $$ >"$0"; exec setsid pg_autoctl run --pgdata "$1"' \
		"$T/$name.group" "$T/$name" >>"$T/$name.log" 2>&1 &
	wait_for test -s "$T/$name.group" || bail "pg_autoctl run $name did not start"
	eval "GROUP_$name=$(cat "$T/$name.group")"
	GROUPS_RUN="$GROUPS_RUN $(cat "$T/$name.group")"
}

# retry N CMD...: CMD until it succeeds, N times at most, 0.2 s apart.
retry() {
	local n=$1
	shift
	for _ in $(seq 1 "$n"); do
		"$@" && return 0
		sleep 0.2
	done
	return 1
}

monitor_sql() {
	psql -X -q -t -A -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$MON_PORT" -U postgres \
		-d pg_auto_failover "$@"
}

# formation_start: a monitor, then node1 and node2 (the first to register
# becomes the primary); returns once one is primary and the other its
# synchronous standby.  Sets MON_PORT, PORT_node1, PORT_node2, DSN (both
# nodes, read-write), and NODES.
formation_start() {
	local i port
	MON_PORT=$(free_port)
	as_pg pg_autoctl create monitor --pgdata "$T/monitor" --pgport "$MON_PORT" \
		--hostname 127.0.0.1 --auth trust --no-ssl >"$T/monitor.create.log" 2>&1 ||
		bail "pg_autoctl create monitor: $(tail -3 "$T/monitor.create.log")"
	NODES="$T/monitor"
	autoctl_run monitor
	# Health checks every second, a node unhealthy after 3 s, the old
	# primary given 3 s to demote itself: failover in seconds, not the
	# defaults' minute.  ALTER SYSTEM cannot share a transaction: one -c
	# each.
	retry 100 monitor_sql \
		-c "alter system set pgautofailover.health_check_period = 1000" \
		-c "alter system set pgautofailover.health_check_timeout = 1000" \
		-c "alter system set pgautofailover.health_check_max_retries = 1" \
		-c "alter system set pgautofailover.health_check_retry_delay = 500" \
		-c "alter system set pgautofailover.node_considered_unhealthy_timeout = 3000" \
		-c "alter system set pgautofailover.primary_demote_timeout = 3000" \
		-c "select pg_reload_conf()" >/dev/null 2>&1 ||
		bail "cannot configure the monitor: $(tail -3 "$T/monitor.log")"
	MON_URI="postgres://autoctl_node@127.0.0.1:$MON_PORT/pg_auto_failover?sslmode=disable"
	for i in 1 2; do
		port=$(free_port)
		eval "PORT_node$i=$port"
		retry 50 as_pg pg_autoctl create postgres --pgdata "$T/node$i" --pgport "$port" \
			--hostname 127.0.0.1 --auth trust --no-ssl --monitor "$MON_URI" \
			--name "node$i" --dbname belong >>"$T/node$i.create.log" 2>&1 ||
			bail "pg_autoctl create postgres node$i: $(tail -3 "$T/node$i.create.log")"
		NODES="$NODES $T/node$i"
		autoctl_run "node$i"
	done
	retry 600 formation_is primary secondary ||
		bail "the formation did not come up: $(formation_state)"
	DSN="host=127.0.0.1,127.0.0.1 port=$PORT_node1,$PORT_node2 user=postgres dbname=belong target_session_attrs=read-write connect_timeout=2"
}

# formation_state: the monitor's view, a line per node.
formation_state() { as_pg pg_autoctl show state --pgdata "$T/monitor" 2>/dev/null; }

# node_state NODE: NODE's current state as the monitor reports it.
node_state() {
	formation_state | awk -F'|' -v n="$1" '{ gsub(/ /, "") } $1 == n { print $7 }'
}

# formation_is A B: node1 is in state A and node2 in B, or the other way.
formation_is() {
	local s1 s2
	s1=$(node_state node1)
	s2=$(node_state node2)
	[ "$s1/$s2" = "$1/$2" ] || [ "$s1/$s2" = "$2/$1" ]
}

# node_dsn NODE: a connection string for NODE alone.
node_dsn() {
	local port
	eval "port=\$PORT_$1"
	echo "host=127.0.0.1 port=$port user=postgres dbname=belong connect_timeout=2"
}

node_sql() {	# node_sql NODE QUERY
	psql -X -q -t -A -v ON_ERROR_STOP=1 -d "$(node_dsn "$1")" -c "$2"
}

# node_in_recovery NODE: t for a standby, f for a primary.
node_read_write() { [ "$(node_sql "$1" "select pg_is_in_recovery()" 2>/dev/null)" = f ]; }

# node_kill NODE: the machine is lost: pg_autoctl's whole group and its
# PostgreSQL, with SIGKILL.
node_kill() {
	local g
	eval "g=\$GROUP_$1"
	kill -KILL -- "-$g" 2>/dev/null
	[ -f "$T/$1/postmaster.pid" ] && kill -KILL "$(head -1 "$T/$1/postmaster.pid")" 2>/dev/null
}

# --- belongd and HAProxy ------------------------------------------------------------

# belongd_start N PORT [ARGS...]: belongd N on 127.0.0.1:PORT, its spool
# in $T/spoolN, its configuration file $T/belongd.conf; sets BELONGD_N.
belongd_start() {
	local n=$1 port=$2
	shift 2
	"$BELONGD" -c "$T/belongd.conf" --listen "127.0.0.1:$port" --dsn "$DSN" \
		-o spool_dir="$T/spool$n" "$@" >>"$T/belongd$n.log" 2>&1 &
	eval "BELONGD_$n=$!"
	PIDS_RUN="$PIDS_RUN $!"
	wait_for grep -q "listening on" "$T/belongd$n.log" ||
		bail "belongd $n did not start: $(tail -3 "$T/belongd$n.log")"
}

# haproxy_start PORT SERVERS...: HAProxy on 127.0.0.1:PORT and [::1]:PORT
# in front of the belongd at SERVERS (host:port), each health-checked on
# /readyz; it adds X-Forwarded-For, and retries a request whose
# connection failed on another server.
haproxy_start() {
	local port=$1 i=0 s
	shift
	{
		printf 'global\n\tmaxconn 1024\n'
		printf 'defaults\n\tmode http\n\ttimeout connect 2s\n\ttimeout client 30s\n'
		printf '\ttimeout server 30s\n\toption forwardfor\n\tretries 2\n\toption redispatch\n'
		printf 'frontend survey\n\tbind 127.0.0.1:%s\n\tbind [::1]:%s\n' "$port" "$port"
		printf '\tdefault_backend belongd\n'
		printf 'backend belongd\n\toption httpchk GET /readyz\n\thttp-check expect status 200\n'
		printf '\tdefault-server inter 300ms fall 2 rise 1\n'
		for s in "$@"; do
			i=$((i + 1))
			printf '\tserver belongd%s %s check\n' "$i" "$s"
		done
	} >"$T/haproxy.cfg"
	haproxy -c -f "$T/haproxy.cfg" >"$T/haproxy.check" 2>&1 ||
		bail "haproxy -c: $(cat "$T/haproxy.check")"
	haproxy -f "$T/haproxy.cfg" -db >"$T/haproxy.log" 2>&1 &
	HAPROXY_PID=$!
	PIDS_RUN="$PIDS_RUN $HAPROXY_PID"
	HAPROXY_URL="http://127.0.0.1:$port"
}

# belongd_metric PORT NAME: NAME's value in that belongd's /metrics.
belongd_metric() {
	curl -s --max-time 5 "http://127.0.0.1:$1/metrics" | awk -v n="$2" '$1 == n { print $2 }'
}
