#!/bin/bash
# PostgreSQL stopped (-m immediate) under a load of clients; while it is
# down belongd is killed with SIGKILL and started again; then PostgreSQL
# comes back: everything spooled, before and after the restart, is
# replayed, each acknowledged submission stored exactly once, and no
# client waits past the deadline.
. "$(dirname "$0")/lib.sh"
NO_ANSWER_OK=yes

fault_setup
fault_begin "pg down, belongd SIGKILL"
"$PGTMP" stop "$T/pg" --immediate || bail "cannot stop PostgreSQL"
wait_until 30 db_down || diag "belongd did not report the database down"
outage
QUEUED_AT_KILL=$(answers_since 0 202)
kill -KILL "$BELONGD_PID"
{ wait "$BELONGD_PID"; } 2>/dev/null
BELONGD_PID=
outage
fault_start_belongd
RESTART_AT=$(now)
outage
diag "$QUEUED_AT_KILL queued before the SIGKILL; after the restart, PostgreSQL still down: $(
	answers_since "$RESTART_AT" 202) queued, $(answers_since "$RESTART_AT" 503) refused"
if [ -n "$SPOOL" ]; then
	ok "$([ "$QUEUED_AT_KILL" -gt 0 ]; echo $?)" "the spool held submissions when belongd was killed"
fi
pg_restart
fault_back "$PG_READY_AT"
fault_finish
done_testing
