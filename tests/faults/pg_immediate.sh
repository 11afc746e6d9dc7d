#!/bin/bash
# PostgreSQL stopped with -m immediate (no checkpoint; crash recovery at
# the next start) under a load of clients, then started again: every
# acknowledged submission is stored exactly once, and no client waits
# past the deadline.
. "$(dirname "$0")/lib.sh"

fault_setup
fault_begin "pg stop -m immediate"
"$PGTMP" stop "$T/pg" --immediate || bail "cannot stop PostgreSQL"
wait_until 30 db_down || diag "belongd did not report the database down"
outage
pg_restart
fault_back "$PG_READY_AT"
fault_finish
done_testing
