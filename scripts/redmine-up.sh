#!/usr/bin/env bash
# redmine-up.sh - install (first run only) and start Debian's Redmine 5.0 (sqlite)
# on 127.0.0.1:${REDMINE_PORT:-3000}, enable the REST API, ensure project "demo",
# create the "Sync marker" issue custom field, and print REDMINE_URL, REDMINE_API_KEY,
# REDMINE_PROJECT and REDMINE_MARKER_FIELD (also written to scripts/.run/redmine.env).
# Must run as root (apt-get, runs the server as www-data). Stop it with redmine-down.sh.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)/.run; mkdir -p "$HERE"
HOST=127.0.0.1
PORT=${REDMINE_PORT:-3000}
URL="http://$HOST:$PORT"
PIDFILE="$HERE/redmine.pid"
LOG="$HERE/redmine-server.log"
ENVFILE="$HERE/redmine.env"
RM=/usr/share/redmine
RAILS_PID="/var/lib/redmine/default/tmp/pids/redmine-server.pid"
T0=$(date +%s)
say() { echo "[redmine-up +$(( $(date +%s) - T0 ))s] $*" >&2; }

# Run a command in $RM as www-data, exec'ing in place (no fork), production env.
as_www() {
  setpriv --reuid=www-data --regid=www-data --init-groups \
    env HOME=/tmp RAILS_ENV=production REDMINE_INSTANCE=default "$@"
}

# ---- 1. install (only if missing) ---------------------------------------------
if ! dpkg-query -W -f='${Status}\n' redmine redmine-sqlite thin 2>/dev/null | grep -c "ok installed" | grep -qx 3; then
  say "installing redmine + redmine-sqlite + thin (apt, noninteractive)"
  debconf-set-selections <<'EOF'
redmine redmine/current-instances string default
redmine redmine/instances/default/dbconfig-install boolean true
redmine redmine/instances/default/database-type select sqlite3
redmine redmine/instances/default/default-language select en
EOF
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >"$HERE/redmine-install.log" 2>&1
  # thin: Debian's Redmine Gemfile loads it "if available" -> rails server uses it.
  time apt-get install -y -q --no-install-recommends \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
    redmine redmine-sqlite thin >>"$HERE/redmine-install.log" 2>&1 \
    || { tail -40 "$HERE/redmine-install.log" >&2; exit 1; }
  say "install done"
fi
# Gemfile.lock must contain thin (installing thin re-triggers redmine's postinst,
# but regenerate if it did not).
if ! grep -q '^    thin ' /var/lib/redmine/Gemfile.lock 2>/dev/null; then
  say "regenerating Gemfile.lock"
  (cd "$RM" && rm -f /var/lib/redmine/Gemfile.lock && bundle install --local --quiet \
     && chown www-data:www-data /var/lib/redmine/Gemfile.lock)
fi

# ---- 2. already running? -------------------------------------------------------
if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null \
   && curl -fsS -o /dev/null "$URL/" 2>/dev/null && [ -s "$ENVFILE" ]; then
  say "already running (pid $(cat "$PIDFILE"))"
  cat "$ENVFILE"; exit 0
fi

# ---- 3. start server in background (as www-data, bound to 127.0.0.1) ------------
rm -f "$RAILS_PID"
# `rails server` mkdirs $RM/tmp/{cache,pids,sockets}; $RM is root-owned, so point
# it at the instance's www-data-owned tmp dir (else: Errno::EACCES /usr/share/redmine/tmp).
[ -e "$RM/tmp" ] || ln -s /var/lib/redmine/default/tmp "$RM/tmp"
say "starting rails server on $HOST:$PORT"
cd "$RM"
nohup setpriv --reuid=www-data --regid=www-data --init-groups \
  env HOME=/tmp RAILS_ENV=production REDMINE_INSTANCE=default \
  bundle exec rails server -e production -b "$HOST" -p "$PORT" -P "$RAILS_PID" \
  >"$LOG" 2>&1 </dev/null &
echo $! >"$PIDFILE"

# ---- 4. configure via rails runner (parallel to server boot) --------------------
say "configuring (REST API, default data, admin API key, project demo)"
OUT=$(as_www bundle exec rails runner -e production '
  Setting.rest_api_enabled = "1"
  # same as: rake redmine:load_default_data REDMINE_LANG=en (no-op when loaded)
  Redmine::DefaultData::Loader.load("en") if Redmine::DefaultData::Loader.no_data?
  admin = User.find_by_login("admin")
  admin.must_change_passwd = false
  admin.save!
  unless Project.find_by_identifier("demo")
    Project.create!(name: "Demo", identifier: "demo", is_public: true,
                    tracker_ids: Tracker.ids,
                    enabled_module_names: %w[issue_tracking time_tracking wiki])
  end
  # the connector stores its sync marker here (idempotent creation); filterable so that
  # GET /issues.json?cf_N=<marker> finds an item by it
  field = IssueCustomField.find_by_name("Sync marker") || IssueCustomField.create!(
    name: "Sync marker", field_format: "string", is_for_all: true, is_filter: true,
    searchable: false, visible: true, tracker_ids: Tracker.ids)
  puts "REDMINE_API_KEY=#{admin.api_key}"
  puts "REDMINE_MARKER_FIELD=#{field.id}"
' 2>>"$HERE/redmine-runner.log")
KEY=$(printf '%s\n' "$OUT" | sed -n 's/^REDMINE_API_KEY=//p' | tail -1)
FIELD=$(printf '%s\n' "$OUT" | sed -n 's/^REDMINE_MARKER_FIELD=//p' | tail -1)
[ -n "$KEY" ] || { echo "runner failed; see $HERE/redmine-runner.log" >&2; exit 1; }

# ---- 5. wait for HTTP ----------------------------------------------------------
for _ in $(seq 1 180); do
  curl -fsS -o /dev/null "$URL/" 2>/dev/null && break
  kill -0 "$(cat "$PIDFILE")" 2>/dev/null || { tail -30 "$LOG" >&2; exit 1; }
  sleep 0.5
done
curl -fsS -o /dev/null "$URL/" || { echo "server did not answer" >&2; exit 1; }
say "ready (pid $(cat "$PIDFILE"))"

printf 'REDMINE_URL=%s\nREDMINE_API_KEY=%s\nREDMINE_PROJECT=demo\nREDMINE_MARKER_FIELD=%s\n' "$URL" "$KEY" "$FIELD" \
  | tee "$ENVFILE"
