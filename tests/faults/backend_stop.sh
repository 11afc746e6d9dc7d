#!/bin/bash
# belongd's PostgreSQL server processes stalled with SIGSTOP under a load
# of clients, until belongd has answered past them (or for at most the
# deadline and 2 s more), then continued: every acknowledged submission
# is stored exactly once, and no client waits past the deadline.
. "$(dirname "$0")/lib.sh"

# The server processes serving belongd's connections.  Bounded: a
# process stopped while it held a lock that a new connection's start
# needs stalls every new connection, this query's too, until it goes on.
backends() {
	PGCONNECT_TIMEOUT=2 timeout -k 1 5 \
		psql -X -q -t -A -v ON_ERROR_STOP=1 -d "$PG_DSN" \
		-c "select pid from pg_stat_activity where application_name = 'belongd' order by pid" |
		tr '\n' ' '
}
# belongd has opened a connection besides the stalled ones.
replaced() {
	local p
	for p in $(backends); do
		case " $STOPPED " in *" $p "*) ;; *) return 0 ;; esac
	done
	return 1
}
stalled() { replaced && answered_since "$STALL_AT" "$PHASE_ANSWERS"; }

fault_setup
fault_begin "backend SIGSTOP"
STOPPED=$(backends)
[ -n "$STOPPED" ] || bail "no belongd connection in pg_stat_activity"
kill -STOP $STOPPED
STALL_AT=$(now)
diag "stopped server processes: $STOPPED"
# A belongd without a statement deadline never replaces them: the stall
# then lasts past the deadline, and the clients it held say so.
STALL_MAX=$((FAULT_BOUND_MS / 1000 + 2))
wait_until $STALL_MAX stalled ||
	diag "no connection replaced, $(answers_since "$STALL_AT") answers in $STALL_MAX s"
kill -CONT $STOPPED
STOPPED=
diag "first 201 after the stall began: $(awk -v t="$STALL_AT" '$2 == "201" && $4 >= t && (m == "" || $5 < m) { m = $5 }
	END { if (m == "") print "none"; else printf "%.3f s", m - t }' "$LOAD")"
fault_back
fault_finish
done_testing
