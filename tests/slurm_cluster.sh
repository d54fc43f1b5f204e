#!/usr/bin/env bash
# A real single-node Slurm cluster on loopback, for the cluster test (tests/test_slurm.py).
#   tests/slurm_cluster.sh start STATE_DIR    install (Debian packages), configure, start
#   tests/slurm_cluster.sh stop STATE_DIR     stop every daemon this script started, by PID
# Needs root and apt-get. What it took to get here:
# - slurm.conf must sit at /etc/slurm/slurm.conf: the job-step plugin strips SLURM_CONF
#   from the environment of the inner srun.
# - There is no accounting database, so `sacct` cannot answer: status goes through squeue,
#   which needs MinJobAge well above the status-check interval.
# - DefMemPerCPU keeps one job from taking the whole node's memory.
set -euo pipefail
action=$1
W=$(realpath -m "$2")

stop() {
  for pid_file in "$W/run/slurmd.pid" "$W/run/slurmctld.pid" "$W/run/munged.pid"; do
    if [ -s "$pid_file" ]; then
      kill "$(cat "$pid_file")" 2>/dev/null || true
    fi
  done
}

start() {
  mkdir -p "$W"/{state,spool,log,run}
  export DEBIAN_FRONTEND=noninteractive
  if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
    apt-get update -q >/dev/null
    apt-get install -y -q --no-install-recommends slurmctld slurmd slurm-client munge >/dev/null
  fi

  [ -s /etc/munge/munge.key ] || mungekey --create --keyfile=/etc/munge/munge.key
  chown munge:munge /etc/munge/munge.key && chmod 400 /etc/munge/munge.key
  install -d -o munge -g munge -m 755 /run/munge
  if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
    runuser -u munge -- /usr/sbin/munged
    cp /run/munge/munged.pid "$W/run/munged.pid"
  fi
  munge -n | unmunge >/dev/null

  local host memory
  host=$(hostname -s)
  memory=$(($(awk '/MemTotal/{print int($2/1024)}' /proc/meminfo) * 9 / 10))
  cat >/etc/slurm/slurm.conf <<CONF
ClusterName=initbench-test
SlurmctldHost=${host}(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
MailProg=/bin/true
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
ReturnToService=2
SlurmctldPidFile=$W/run/slurmctld.pid
SlurmdPidFile=$W/run/slurmd.pid
StateSaveLocation=$W/state
SlurmdSpoolDir=$W/spool
SlurmctldLogFile=$W/log/slurmctld.log
SlurmdLogFile=$W/log/slurmd.log
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=500
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/filetxt
JobCompLoc=$W/log/jobcomp.txt
MinJobAge=300
InactiveLimit=0
KillWait=5
Waittime=0
NodeName=${host} NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=${memory} State=UNKNOWN
PartitionName=debug Nodes=${host} Default=YES MaxTime=INFINITE State=UP
CONF
  slurmctld -i
  slurmd
  for _ in $(seq 60); do
    [ "$(sinfo -h -o %T 2>/dev/null)" = idle ] && return 0
    sleep 1
  done
  echo "the Slurm node did not become idle; see $W/log" >&2
  return 1
}

case $action in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop STATE_DIR" >&2; exit 2 ;;
esac
