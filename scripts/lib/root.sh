# shellcheck shell=bash
# Sourced first by scripts that need root (network namespaces, apt-get): as root they go on; otherwise they start
# again through sudo when there is one, or say how to run them.
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    exec sudo -- "$0" "$@"
  fi
  echo "$(basename "$0") needs root (network namespaces, packages): run it from a root shell" >&2
  exit 1
fi
