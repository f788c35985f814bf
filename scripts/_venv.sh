# shellcheck shell=bash
# Sourced by the scripts: makes .venv (Python >= 3.14.2, created with uv) and keeps
# it in step with requirements_test.txt (ensure_venv, for scripts/test and scripts/bench)
# or also with requirements_dev.txt (ensure_dev_venv, for scripts/develop), then puts it
# first on PATH.

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV="$REPO_ROOT/.venv"
REQUIREMENTS="$REPO_ROOT/requirements_test.txt"
DEV_REQUIREMENTS="$REPO_ROOT/requirements_dev.txt"
PYTHON_REQUEST=">=3.14.2"

find_uv() {
    if command -v uv >/dev/null 2>&1; then
        UV=(uv)
        return
    fi
    for candidate in "$HOME/.local/bin/uv" "$HOME/.cargo/bin/uv"; do
        if [ -x "$candidate" ]; then
            UV=("$candidate")
            return
        fi
    done
    echo "uv not found: installing it with pip" >&2
    python3 -m pip install --quiet --user uv >&2 || python3 -m pip install --quiet uv >&2
    if command -v uv >/dev/null 2>&1; then
        UV=(uv)
    elif [ -x "$HOME/.local/bin/uv" ]; then
        UV=("$HOME/.local/bin/uv")
    else
        UV=(python3 -m uv)
    fi
}

ensure_venv() {
    find_uv
    if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c \
        'import sys; sys.exit(sys.version_info < (3, 14, 2))' 2>/dev/null; then
        rm -rf "$VENV"
        "${UV[@]}" venv --quiet --python "$PYTHON_REQUEST" "$VENV"
    fi
    local wanted installed=""
    wanted=$(sha256sum "$REQUIREMENTS" | cut -d' ' -f1)
    [ -f "$VENV/.requirements.sha256" ] && installed=$(cat "$VENV/.requirements.sha256")
    if [ "$wanted" != "$installed" ]; then
        echo "Installing requirements_test.txt into .venv" >&2
        "${UV[@]}" pip install --quiet --compile-bytecode --python "$VENV/bin/python" -r "$REQUIREMENTS"
        echo "$wanted" >"$VENV/.requirements.sha256"
    fi
    export PATH="$VENV/bin:$PATH"
    export VIRTUAL_ENV="$VENV"
}

# ensure_venv, then requirements_dev.txt the same way: reinstalled only when it or
# requirements_test.txt (which it includes) changes.
ensure_dev_venv() {
    ensure_venv
    local wanted installed=""
    wanted=$(cat "$DEV_REQUIREMENTS" "$REQUIREMENTS" | sha256sum | cut -d' ' -f1)
    [ -f "$VENV/.requirements_dev.sha256" ] && installed=$(cat "$VENV/.requirements_dev.sha256")
    if [ "$wanted" != "$installed" ]; then
        echo "Installing requirements_dev.txt into .venv" >&2
        "${UV[@]}" pip install --quiet --python "$VENV/bin/python" -r "$DEV_REQUIREMENTS"
        echo "$wanted" >"$VENV/.requirements_dev.sha256"
    fi
}
