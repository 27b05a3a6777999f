#!/bin/sh
# Runs a command inside a private D-Bus session bus with a GNOME keyring daemon (the desktop's
# org.freedesktop.secrets service) unlocked in a throwaway HOME, the way a logged-in desktop
# has one; ctest's keyring test runs pd_ui_tests "[keyring]" through it.
# Exit 77 (skipped) when dbus-run-session or gnome-keyring-daemon is missing;
# `packaging/install-deps.sh test` installs them (dbus-daemon, dbus-bin, gnome-keyring).
set -u
for tool in dbus-run-session dbus-daemon dbus-send gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null; then
    echo "SKIPPED: $tool is not installed (packaging/install-deps.sh test installs dbus-daemon, dbus-bin and gnome-keyring)"
    exit 77
  fi
done
[ $# -ge 1 ] || { echo "usage: with_keyring.sh COMMAND [ARGS...]" >&2; exit 2; }

home=$(mktemp -d "${TMPDIR:-/tmp}/pd-keyring.XXXXXX") || exit 1
trap 'rm -rf "$home"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
mkdir -p "$home/run" "$home/data" "$home/config" && chmod 700 "$home/run"
export HOME="$home" XDG_RUNTIME_DIR="$home/run" XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config"
unset GNOME_KEYRING_CONTROL SSH_AUTH_SOCK

dbus-run-session -- sh -c '
  log=$HOME/keyring.log
  # --unlock reads the login keyring password from stdin (and creates the keyring).
  printf %s proofdesk-test | gnome-keyring-daemon --foreground --unlock --components=secrets >"$log" 2>&1 &
  daemon=$!
  tries=0
  until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
          org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"; do
    tries=$((tries + 1))
    if [ $tries -gt 600 ] || ! kill -0 $daemon 2>/dev/null; then
      echo "gnome-keyring-daemon did not come up on the session bus:"; cat "$log"; kill $daemon 2>/dev/null; exit 1
    fi
    sleep 0.05
  done
  export PD_KEYRING_DAEMON_PID=$daemon   # for the test of a keyring that does not answer
  "$@"; rc=$?
  kill $daemon 2>/dev/null; wait $daemon 2>/dev/null
  exit $rc' with-keyring "$@"
