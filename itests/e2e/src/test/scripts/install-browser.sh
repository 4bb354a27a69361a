#!/usr/bin/env bash
# Installs what ConsoleBrowserIT drives: Debian's Chromium and its ChromeDriver
# (packages chromium and chromium-driver: /usr/bin/chromium, /usr/bin/chromedriver).
# Does nothing but print the versions when both are there already.
# Run by the itests/e2e build in pre-integration-test (exec-maven-plugin); runs standalone too.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
CHROMEDRIVER=/usr/bin/chromedriver

if [[ ! -x "$CHROMIUM" || ! -x "$CHROMEDRIVER" ]]; then
  if [[ "$(id -u)" -ne 0 ]]; then
    echo "install-browser.sh: $CHROMIUM or $CHROMEDRIVER is missing and this is not root." >&2
    echo "  Install them as root:  apt-get update && apt-get install -y chromium chromium-driver" >&2
    exit 1
  fi
  echo "install-browser.sh: installing Debian's chromium and chromium-driver"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q chromium chromium-driver
fi

# Chromium may try to reach the network or a display when it merely prints its version:
# keep it headless and quiet.
"$CHROMIUM" --version 2>/dev/null || { echo "install-browser.sh: $CHROMIUM --version failed" >&2; exit 1; }
"$CHROMEDRIVER" --version || { echo "install-browser.sh: $CHROMEDRIVER --version failed" >&2; exit 1; }
