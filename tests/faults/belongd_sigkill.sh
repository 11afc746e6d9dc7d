#!/bin/bash
# belongd killed with SIGKILL under a load of clients, and started again
# (on a new port the clients are told about): every acknowledged
# submission -- stored, or spooled and replayed after the restart -- is
# stored exactly once, and no client waits past the deadline.
. "$(dirname "$0")/lib.sh"
NO_ANSWER_OK=yes

fault_setup
fault_begin "belongd SIGKILL"
kill -KILL "$BELONGD_PID"
{ wait "$BELONGD_PID"; } 2>/dev/null
BELONGD_PID=
outage
fault_start_belongd
fault_back
fault_finish
done_testing
