#!/usr/bin/env bash
# redmine-down.sh - stop the Redmine server started by redmine-up.sh (by its PID).
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)/.run
PIDFILE="$HERE/redmine.pid"
[ -f "$PIDFILE" ] || { echo "redmine: no pidfile, nothing to stop"; exit 0; }
PID=$(cat "$PIDFILE")
if kill -0 "$PID" 2>/dev/null; then
  kill -TERM "$PID"
  for _ in $(seq 1 40); do kill -0 "$PID" 2>/dev/null || break; sleep 0.25; done
  if kill -0 "$PID" 2>/dev/null; then echo "redmine: pid $PID ignored TERM, sending KILL"; kill -KILL "$PID"; fi
  echo "redmine: stopped pid $PID"
else
  echo "redmine: pid $PID not running"
fi
rm -f "$PIDFILE" /var/lib/redmine/default/tmp/pids/redmine-server.pid
