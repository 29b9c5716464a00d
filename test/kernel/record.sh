#!/bin/sh
# Re-records test/scenarios/cases/*.expected.json from the Linux kernel, through replay.py. Runs as
# root on a Linux host with iproute2, nftables, conntrack and Debian's python3-scapy. Each case is
# replayed twice and recorded only when both replays agree.
#   test/kernel/record.sh               every case
#   test/kernel/record.sh NAME.json...  just these
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cases="$here/../scenarios/cases"
if [ "$#" -eq 0 ]; then
  set -- $(ls "$cases"/*.json | grep -v '\.expected\.json$')
fi
exec /usr/bin/python3 "$here/replay.py" --record "$@"
