#!/bin/sh
# The README's GitHub Actions job, as a script: validate a dump with the stock pyshacl command, then
# with `kg validate --format github` (annotations at the facts files' lines). Both always run; the exit
# code is the first failure's (0: both conform, 1: a violation, 2: a file that cannot be read).
#   sh tools/ci-validate.sh [DUMP_FILE]      (default dump/kg.ttl; run from the checkout's top)
set -u
data=${1:-dump/kg.ttl}
status=0
echo "== pyshacl -s shapes/shapes.ttl -e ontology/dip.ttl -w $data"
pyshacl -s shapes/shapes.ttl -e ontology/dip.ttl -w "$data" || status=$?
echo "== kg validate --format github $data"
kg validate --format github "$data" || { code=$?; [ "$status" -ne 0 ] || status=$code; }
exit "$status"
