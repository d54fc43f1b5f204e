#!/usr/bin/env bash
# A real single-node Grid Engine (Debian's gridengine 8.1.9) on loopback, for the cluster test
# (tests/test_sge.py).
#   tests/sge_cluster.sh start STATE_DIR    install (Debian packages), configure, start
#   tests/sge_cluster.sh stop STATE_DIR     stop the execution daemon and the master
# Needs root and apt-get. What it took to get here:
# - The packages configure a cell only when debconf is told to (gridengineconfig), before they
#   are installed; the master's host comes from there too.
# - In a container the host name resolves to 127.0.0.1, whose name is "localhost": the master
#   then refuses its own host as a client ("client IP resolved to host name localhost. This is
#   not identical to clients host name"). host_aliases makes them one host, and act_qmaster
#   names localhost.
# - Jobs of users below min_uid (1000) are rejected: root's jobs need min_uid 0.
# - The scheduler runs every 15 s by default; every second here, so that a test is not
#   mostly waiting.
# - qconf -Mconf and -Msconf read a file named after what they change (global,
#   sched_configuration), whatever path it is given.
set -euo pipefail
action=$1
W=$(realpath -m "$2")
export SGE_ROOT=/var/lib/gridengine SGE_CELL=default
COMMON=$SGE_ROOT/$SGE_CELL/common

wait_for() {  # wait_for SECONDS COMMAND...: until COMMAND succeeds
  local deadline=$((SECONDS + $1))
  shift
  until "$@" >/dev/null 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "timed out waiting for: $*" >&2
      return 1
    fi
    sleep 0.5
  done
}

stop() {
  if command -v qconf >/dev/null; then
    qconf -ke all >/dev/null 2>&1 || true
    qconf -km >/dev/null 2>&1 || true
  fi
  pkill -x sge_execd 2>/dev/null || true
  pkill -x sge_qmaster 2>/dev/null || true
  # The master takes a few seconds to shut down, and one started meanwhile exits at once.
  wait_for 60 bash -c '! pgrep -x sge_qmaster && ! pgrep -x sge_execd'
}

start() {
  mkdir -p "$W"
  export DEBIAN_FRONTEND=noninteractive
  if ! command -v sge_qmaster >/dev/null && [ ! -x /usr/sbin/sge_qmaster ]; then
    debconf-set-selections <<SEL
gridengine-common shared/gridenginemaster string localhost
gridengine-common shared/gridenginecell string default
gridengine-common shared/gridengineconfig boolean true
postfix postfix/main_mailer_type select No configuration
SEL
    apt-get update -q >/dev/null
    apt-get install -y -q --no-install-recommends \
      gridengine-master gridengine-exec gridengine-client >/dev/null
  fi
  echo localhost >"$COMMON/act_qmaster"
  echo "localhost $(hostname) $(hostname -f 2>/dev/null || hostname)" >"$COMMON/host_aliases"
  wait_for 60 bash -c 'qconf -sh || { pgrep -x sge_qmaster || /usr/sbin/sge_qmaster; false; }'

  mkdir -p "$W/config"
  qconf -sconf >"$W/config/global"
  sed -i 's/^min_uid .*/min_uid                      0/; s/^min_gid .*/min_gid                      0/' \
    "$W/config/global"
  qconf -Mconf "$W/config/global" >/dev/null 2>&1
  qconf -ssconf >"$W/config/sched_configuration"
  sed -i 's/^schedule_interval .*/schedule_interval                 0:0:1/' \
    "$W/config/sched_configuration"
  qconf -Msconf "$W/config/sched_configuration" >/dev/null 2>&1
  qconf -as localhost >/dev/null 2>&1 || true  # already one after a first start

  mkdir -p /var/spool/gridengine/execd
  wait_for 60 bash -c 'pgrep -x sge_execd || /usr/sbin/sge_execd'
  wait_for 60 bash -c 'qconf -sel | grep -qx localhost'

  local slots
  slots=$(nproc)
  if ! qconf -sp smp >/dev/null 2>&1; then
    cat >"$W/config/smp" <<PE
pe_name            smp
slots              999
user_lists         NONE
xuser_lists        NONE
start_proc_args    /bin/true
stop_proc_args     /bin/true
allocation_rule    \$pe_slots
control_slaves     FALSE
job_is_first_task  TRUE
urgency_slots      min
accounting_summary FALSE
qsort_args         NONE
PE
    qconf -Ap "$W/config/smp" >/dev/null 2>&1
  fi
  if ! qconf -sq all.q >/dev/null 2>&1; then
    cat >"$W/config/all.q" <<QUEUE
qname                 all.q
hostlist              localhost
seq_no                0
load_thresholds       NONE
suspend_thresholds    NONE
nsuspend              1
suspend_interval      00:05:00
priority              0
min_cpu_interval      00:05:00
processors            UNDEFINED
qtype                 BATCH INTERACTIVE
ckpt_list             NONE
pe_list               smp
rerun                 FALSE
slots                 $slots
tmpdir                /tmp
shell                 /bin/bash
prolog                NONE
epilog                NONE
shell_start_mode      unix_behavior
starter_method        NONE
suspend_method        NONE
resume_method         NONE
terminate_method      NONE
notify                00:00:60
owner_list            NONE
user_lists            NONE
xuser_lists           NONE
subordinate_list      NONE
complex_values        NONE
projects              NONE
xprojects             NONE
calendar              NONE
initial_state         default
s_rt                  INFINITY
h_rt                  INFINITY
s_cpu                 INFINITY
h_cpu                 INFINITY
s_fsize               INFINITY
h_fsize               INFINITY
s_data                INFINITY
h_data                INFINITY
s_stack               INFINITY
h_stack               INFINITY
s_core                INFINITY
h_core                INFINITY
s_rss                 INFINITY
h_rss                 INFINITY
s_vmem                INFINITY
h_vmem                INFINITY
QUEUE
    qconf -Aq "$W/config/all.q" >/dev/null 2>&1
  fi
  # A job that runs end to end: the cluster takes work.
  echo 'true' >"$W/probe.sh"
  local job
  job=$(qsub -terse -cwd -o "$W" -e "$W" "$W/probe.sh")
  wait_for 120 bash -c "qacct -j $job | grep -q '^exit_status *0'"
}

case $action in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop STATE_DIR" >&2; exit 2 ;;
esac
