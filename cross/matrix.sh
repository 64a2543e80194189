#!/bin/sh
# Run the whole test suite for every architecture: natively on x86_64,
# and for each foreign architecture under qemu-user (the ENOSYS
# fallback path) and under qemu-system (a real kernel, booted once);
# then print one table.  Exit status 0 only if nothing failed.
# Usage: cross/matrix.sh [--report] BUILD [ARCH[/RUN,...]...]
# (default: every architecture of arches.sh, x86_64 included, with all
# its runs; ARCH/RUN,... only those of its runs, e.g. i386/system@x86_64
# or x86_64/native,system; BUILD is the build tree, e.g. ./build;
# --report prints the table of the last run without running anything)
# Copyright (C) 2026 The libclone3 authors.
# This file is part of libclone3, licensed under the GNU LGPL 2.1 or
# later; see COPYING.LIB.
#
# Each architecture is built once (BUILD/cross/ARCH, configure --host)
# and its test programs compiled once (the boards' compile cache);
# two architectures run at a time (CROSS_PARALLEL, default 2), and a
# line is printed as each run ends.  A run
# that does not end within LIBCLONE3_CROSS_JOB_TIMEOUT seconds (default
# 2400) is killed and counted as a FAIL of that architecture.
# LIBCLONE3_NATIVE_RESULTS=DIR (a testsuite directory where the native
# suite has just run, as scripts/test.sh sets it) makes the x86_64
# native row that run's results instead of running the suite again;
# x86_64 also runs under qemu-user, like the others, and under
# qemu-system on sid's amd64 kernel (TCG).  Each system@K run boots
# kernel K (arches.sh) with the architecture's programs: the board is
# qemu-system-ARCH, and LIBCLONE3_CROSS_KERNEL=K tells cross/boot.sh.
# The last line
# is "matrix: P passed, F failed, X expected failures, U unsupported".
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
. "$here/arches.sh"

# native_probe LIBDIR OUT: what this machine offers the library built in
# LIBDIR (cross/probe.c), in OUT/probe.txt, and its kernel in OUT/kernel.
native_probe () {
  gcc -O2 -I"$top/include" -o "$2/probe" "$here/probe.c" \
    -L"$1" -Wl,-rpath,"$1" -lclone3 \
    && "$2/probe" > "$2/probe.txt" 2>&1
  echo "native $(uname -r)" > "$2/kernel"
}

# count SUM KIND...: the number of result lines of those kinds.
count () {
  sum=$1; shift
  n=0
  for k in "$@"; do
    n=$(( n + $(grep -c "^$k: " "$sum" 2>/dev/null || true) ))
  done
  echo $n
}
field () {
  sed -n "s/.* $2 \([^ ]*\).*/\1/p" "$1" 2>/dev/null | head -1
}
# runname KIND: the table's name of a run.
runname () {
  case $1 in
    native) echo native ;;
    user) echo qemu-user ;;
    system*) echo qemu-system ;;
  esac
}

if [ "${1:-}" = --job ]; then
  # One architecture: build, then run the suite on each of its boards
  # (ARCH/RUN,...: those runs only).
  build=$2 arch=${3%%/*}
  cross_arch "$arch" || { echo "matrix: unknown architecture $arch" >&2; exit 1; }
  kinds=$runs
  case $3 in */*) kinds=$(echo "${3#*/}" | tr , ' ') ;; esac
  dir="$build/cross/$arch"
  res="$dir/results"
  rm -rf "$res"
  mkdir -p "$res"
  start=$(date +%s)
  if [ "$arch" = x86_64 ] && [ -n "${LIBCLONE3_NATIVE_RESULTS:-}" ] \
     && case " $kinds " in *" native "*) true ;; *) false ;; esac; then
    # The native suite has run: report it, and what this machine offers.
    out="$res/native"
    mkdir -p "$out"
    cp "$LIBCLONE3_NATIVE_RESULTS/libclone3.sum" \
       "$LIBCLONE3_NATIVE_RESULTS/libclone3.log" "$out/" 2>/dev/null
    echo 0 > "$out/runtest-status"
    cat "$LIBCLONE3_NATIVE_RESULTS/check-seconds" > "$out/seconds" 2>/dev/null
    native_probe "$LIBCLONE3_NATIVE_RESULTS/../.libs" "$out"
  fi
  if ! "$here/build.sh" "$build" "$arch" > "$res/build.log" 2>&1; then
    echo "build failed" > "$res/error"
    echo "  $arch: build failed ($res/build.log)"
    exit 1
  fi
  (cd "$dir/testsuite" && make site.exp) > /dev/null 2>&1
  echo $(( $(date +%s) - start )) > "$res/build-seconds"
  # x86_64: natively (unless done already, above), under qemu-user on
  # the fallback path like the others, and under qemu-system.
  for kind in $kinds; do
    if [ "$kind" = native ] && [ -n "${LIBCLONE3_NATIVE_RESULTS:-}" ]; then
      continue
    fi
    out="$res/$kind"
    mkdir -p "$out"
    board="" kernel=""
    case $kind in
      native) ;;
      system@*) board="--target_board=qemu-system-$arch" kernel=${kind#system@} ;;
      *) board="--target_board=qemu-$kind-$arch" ;;
    esac
    t0=$(date +%s)
    (cd "$dir/testsuite" && \
     DEJAGNU="$top/testsuite/boards/site.exp" \
     LIBCLONE3_CROSS_STAGE="$out/stage" \
     LIBCLONE3_CROSS_KERNEL="$kernel" \
     timeout -k 10 "${LIBCLONE3_CROSS_JOB_TIMEOUT:-2400}" \
       runtest --tool libclone3 --srcdir "$top/testsuite" --outdir "$out" \
         $board) > "$out/runtest.out" 2>&1
    echo $? > "$out/runtest-status"
    echo $(( $(date +%s) - t0 )) > "$out/seconds"
    # What this machine offers the library.
    case $kind in
      native)
        native_probe "$dir/.libs" "$out" ;;
      user)
        cross_arch "$arch"
        $cross_cc -O2 -I"$top/include" -o "$out/probe" "$here/probe.c" \
          -L"$dir/.libs" -Wl,-rpath,"$dir/.libs" -lclone3 \
          && $quser -L "$sysroot" -E LD_LIBRARY_PATH=/lib "$out/probe" \
               > "$out/probe.txt" 2>&1
        echo "qemu-user $($quser --version | sed -n '1s/.*version \([^ ]*\).*/\1/p')" \
          > "$out/kernel" ;;
      system*)
        grep -a '^@@probe' "$out/stage/console.log" 2>/dev/null \
          | tr -d '\r' > "$out/probe.txt"
        sed -n 's/^@@probe kernel \([^ ]*\) .*/\1/p' "$out/probe.txt" \
          > "$out/kernel" ;;
    esac
    # Progress: this run is done.
    sum="$out/libclone3.sum"
    label=$(cat "$out/kernel" 2>/dev/null)
    case $kind in system*) label="qemu-system $label" ;; esac
    echo "  $arch $label:" \
      "$(count "$sum" PASS) PASS, $(count "$sum" FAIL UNRESOLVED XPASS ERROR) FAIL," \
      "$(count "$sum" XFAIL KFAIL) XFAIL, $(count "$sum" UNSUPPORTED UNTESTED) UNSUPPORTED," \
      "$(cat "$out/seconds")s"
  done
  echo $(( $(date +%s) - start )) > "$res/seconds"
  exit 0
fi

report_only=false
if [ "${1:-}" = --report ]; then
  report_only=true
  shift
fi
build=$(cd "${1:?usage: matrix.sh [--report] BUILD [ARCH[/RUN,...]...]}" && pwd)
shift
# An in-tree build would put the build directories among these scripts.
[ "$build" = "$top" ] && build="$top/build" && mkdir -p "$build"
specs=${*:-"$(cross_arch_names | tr '\n' ' ')"}
# The architectures, and the runs asked for where some were (ARCH/RUN,...).
arches="" only=""
for s in $specs; do
  a=${s%%/*}
  cross_arch "$a" || { echo "matrix: unknown architecture $a" >&2; exit 2; }
  arches="$arches $a"
  case $s in */*) only="$only $s" ;; esac
done
# spec ARCH: ARCH, or ARCH/RUN,... if only those runs were asked for.
spec () {
  for s in $only; do
    case $s in "$1"/*) echo "$s"; return ;; esac
  done
  echo "$1"
}

if ! $report_only; then
  "$here/setup.sh" $arches \
    > "$build/cross-setup.log" 2>&1 \
    || { echo "cross/setup.sh failed: see $build/cross-setup.log"; exit 1; }
fi

start=$(date +%s)
# Longest first: aarch64 and i386 boot twice (6.1 and 7.2), riscv64
# and s390x are the slowest emulators.
order=""
for a in aarch64 i386 riscv64 s390x arm x86_64 powerpc64le loongarch64 mips64; do
  case " $arches " in *" $a "*) order="$order $a" ;; esac
done
for a in $arches; do
  case " $order " in *" $a "*) ;; *) order="$order $a" ;; esac
done
$report_only || for a in $order; do spec "$a"; done \
  | xargs -P "${CROSS_PARALLEL:-2}" -I{} "$here/matrix.sh" --job "$build" {}
total=$(( $(date +%s) - start ))

status=0
notrun=""
all_pass=0 all_fail=0 all_xfail=0 all_unsup=0
fmt='%-12s %-11s %-22s %-6s %-7s %-19s %5s %5s %5s %6s %6s\n'
printf "$fmt" arch run kernel clone3 SUD strategy PASS FAIL XFAIL UNSUPP time
for a in $order; do
  res="$build/cross/$a/results"
  cross_arch "$a"
  kinds=$runs
  s=$(spec "$a")
  case $s in
    */*) kinds=$(echo "${s#*/}" | tr , ' ') ;;
    *) case " $kinds " in
         *" user "*) ;;
         *) notrun="$notrun  $a qemu-user: not run (cross/arches.sh says why)
" ;;
       esac ;;
  esac
  for kind in $kinds; do
    out="$res/$kind"
    sum="$out/libclone3.sum"
    run=$(runname "$kind")
    if [ -f "$res/error" ] || [ ! -f "$sum" ]; then
      printf "$fmt" "$a" "$run" "-" - - - 0 1 0 0 -
      echo "  $a $run: $(cat "$res/error" 2>/dev/null || echo 'no results')" >&2
      status=1
      all_fail=$((all_fail + 1))
      continue
    fi
    pass=$(count "$sum" PASS)
    fail=$(count "$sum" FAIL UNRESOLVED XPASS ERROR)
    xfail=$(count "$sum" XFAIL KFAIL)
    unsup=$(count "$sum" UNSUPPORTED UNTESTED)
    rs=$(cat "$out/runtest-status" 2>/dev/null || echo 1)
    if [ "$rs" = 124 ] || [ "$rs" = 137 ]; then
      fail=$(( fail + 1 ))
      echo "  $a $run: TIMEOUT: runtest killed after ${LIBCLONE3_CROSS_JOB_TIMEOUT:-2400}s" >&2
    elif ! grep -q "=== libclone3 Summary ===" "$sum"; then
      fail=$(( fail + 1 ))
      echo "  $a $run: runtest ended without a summary" >&2
    elif grep -q "^got a .* signal" "$out/runtest.out" 2>/dev/null; then
      # DejaGnu writes its summary even when killed: not a whole run.
      fail=$(( fail + 1 ))
      echo "  $a $run: runtest was interrupted: $(grep -m1 '^got a' "$out/runtest.out")" >&2
    fi
    [ "$fail" -eq 0 ] && [ "$pass" -gt 0 ] || status=1
    all_pass=$((all_pass + pass)) all_fail=$((all_fail + fail))
    all_xfail=$((all_xfail + xfail)) all_unsup=$((all_unsup + unsup))
    printf "$fmt" "$a" "$run" "$(cat "$out/kernel" 2>/dev/null)" \
      "$(field "$out/probe.txt" clone3)" "$(field "$out/probe.txt" sud)" \
      "$(field "$out/probe.txt" strategy)" \
      "$pass" "$fail" "$xfail" "$unsup" "$(cat "$out/seconds" 2>/dev/null)s"
  done
done
printf '%s' "$notrun"
echo "total ${total}s; logs in $build/cross/ARCH/results/{native,user,system}/"
if [ $status -ne 0 ]; then
  echo "FAILED:"
  for a in $order; do
    grep -H -E '^(FAIL|UNRESOLVED|XPASS|ERROR): ' \
      "$build/cross/$a/results"/*/libclone3.sum 2>/dev/null \
      | sed "s|^$build/cross/||; s|/results/|: |; s|/libclone3.sum:| |"
  done | head -n "${CROSS_FAIL_LINES:-200}"
fi
echo "matrix: $all_pass passed, $all_fail failed, $all_xfail expected failures, $all_unsup unsupported"
exit $status
