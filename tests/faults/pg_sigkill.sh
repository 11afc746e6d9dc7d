#!/bin/bash
# PostgreSQL's postmaster killed with SIGKILL under a load of clients;
# once its server processes have noticed and exited, it is started again
# (crash recovery): every acknowledged submission is stored exactly
# once, and no client waits past the deadline.
. "$(dirname "$0")/lib.sh"

fault_setup
PM=$("$PGTMP" pid "$T/pg") || bail "no postmaster"
fault_begin "postmaster SIGKILL"
# Its children: each exits when it sees the postmaster gone, and a new
# postmaster cannot start while one still holds the shared memory.
CHILDREN=$(ps -o pid= --ppid "$PM" | tr -s ' \n' ' ')
kill -KILL "$PM"
children_gone() {
	local p
	for p in $CHILDREN; do
		kill -0 "$p" 2>/dev/null && return 1
	done
	return 0
}
wait_until 30 children_gone || bail "server processes still running: $CHILDREN"
wait_until 30 db_down || diag "belongd did not report the database down"
outage
pg_restart
fault_back "$PG_READY_AT"
fault_finish
done_testing
