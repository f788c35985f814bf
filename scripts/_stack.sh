# shellcheck shell=bash
# Sourced by scripts/develop, scripts/smoke and scripts/browser_check after _venv.sh.
# run_stack MODE [ARGS] runs `python -m scripts.demo MODE`, which starts the simulators
# (in its own process) and Home Assistant (a child in its own process group) and stops
# both when it ends. Should it die without stopping Home Assistant, the EXIT trap stops
# the process group recorded in DEMO_HASS_PIDFILE.

_stop_recorded_hass() {
    local pid=""
    [ -s "$DEMO_HASS_PIDFILE" ] && pid=$(cat "$DEMO_HASS_PIDFILE")
    rm -f "$DEMO_HASS_PIDFILE"
    if [ -n "$pid" ] && kill -0 -- "-$pid" 2>/dev/null; then
        echo "Stopping the Home Assistant left running (process group $pid)" >&2
        kill -TERM -- "-$pid" 2>/dev/null || true
        for _ in $(seq 1 30); do
            kill -0 -- "-$pid" 2>/dev/null || return 0
            sleep 1
        done
        kill -KILL -- "-$pid" 2>/dev/null || true
    fi
}

run_stack() {
    DEMO_HASS_PIDFILE=$(mktemp "${TMPDIR:-/tmp}/sew_thinq_hass.XXXXXX")
    export DEMO_HASS_PIDFILE
    trap _stop_recorded_hass EXIT
    python -m scripts.demo "$@"
}
