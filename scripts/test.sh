#!/bin/sh
# Build libclone3 if needed and run the whole DejaGnu test suite:
# natively, then on the eight other architectures under QEMU
# (cross/matrix.sh: qemu-user and qemu-system each, loongarch64
# qemu-system only), ending with the
# native summary and the matrix's table.  Run as root (the matrix
# installs Debian packages and caches kernels in
# /var/cache/libclone3-cross); safe to run again.
# Usage: scripts/test.sh [--native]   (--native: the native suite only)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cross=true
case ${1:-} in
  --native) cross=false ;;
  "") ;;
  *) echo "usage: scripts/test.sh [--native]" >&2; exit 2 ;;
esac
"$top/scripts/setup.sh" >/dev/null
cd "$top/build/testsuite"
status=0
start=$(date +%s)
make --quiet check >/dev/null 2>&1 || status=$?
echo $(( $(date +%s) - start )) > check-seconds
sed -n '/=== libclone3 Summary ===/,$p' libclone3.sum
if $cross; then
  echo
  LIBCLONE3_NATIVE_RESULTS="$top/build/testsuite" \
    "$top/cross/matrix.sh" "$top/build" || status=1
fi
exit $status
