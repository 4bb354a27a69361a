#!/usr/bin/env bash
# Installs the OWASP Core Rule Set as Debian packages it (package modsecurity-crs:
# /usr/share/modsecurity-crs/rules and /etc/modsecurity/crs/crs-setup.conf), which the
# io.caracal.waf.crs rule set loads. Does nothing but print the version when it is there already.
# The build runs it before the WAF tests; operators can run it as root too.
set -euo pipefail

RULES=/usr/share/modsecurity-crs/rules
SETUP=/etc/modsecurity/crs/crs-setup.conf

if [[ ! -d "$RULES" || ! -f "$SETUP" ]]; then
  if [[ "$(id -u)" -ne 0 ]]; then
    echo "install-crs.sh: $RULES or $SETUP is missing and this is not root." >&2
    echo "  Install them as root:  apt-get update && apt-get install -y modsecurity-crs" >&2
    exit 1
  fi
  echo "install-crs.sh: installing Debian's modsecurity-crs"
  export DEBIAN_FRONTEND=noninteractive
  # The rule files are all the proxy needs; the Apache module the package recommends is not.
  apt-get update -q
  apt-get install -y -q --no-install-recommends modsecurity-crs
fi

dpkg-query -W -f='modsecurity-crs ${Version}\n' modsecurity-crs 2>/dev/null || echo "modsecurity-crs (not from dpkg) at $RULES"
