#!/usr/bin/env bash
# A Grid Engine job's state for Snakemake's cluster-generic executor: prints running, success or
# failed for the job id given.
#   qstat -j knows a job while it is queued or running; once it has left, qacct tells how it
#   ended ("failed" non-zero: Grid Engine stopped it, e.g. over h_rt; "exit_status" non-zero:
#   the job failed). qacct answers only once the master has written the job's accounting
#   record, a moment after it ends: until then the job still counts as running.
set -uo pipefail
job=$1
if qstat -j "$job" >/dev/null 2>&1; then
  echo running
  exit 0
fi
record=$(qacct -j "$job" 2>/dev/null) || { echo running; exit 0; }
failed=$(awk '$1 == "failed" {print $2}' <<<"$record" | tail -n 1)
status=$(awk '$1 == "exit_status" {print $2}' <<<"$record" | tail -n 1)
if [ "${failed:-1}" = 0 ] && [ "${status:-1}" = 0 ]; then
  echo success
else
  echo failed
fi
