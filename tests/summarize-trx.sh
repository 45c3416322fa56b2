#!/usr/bin/env bash
# Sums the counters of every TRX file under $1 and prints `tests: N passed, N failed`.
# Exits non-zero when a test failed, when `dotnet test` failed ($2), or when no test ran.
set -u
dir=$1
rc=${2:-0}
passed=0; failed=0; skipped=0; files=0
shopt -s nullglob globstar
for trx in "$dir"/**/*.trx; do
  files=$((files + 1))
  line=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$line" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  p=$(get passed); f=$(get failed); e=$(get error); t=$(get total); x=$(get executed)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0}))
  skipped=$((skipped + ${t:-0} - ${x:-0}))
done
echo "test projects: $files, skipped: $skipped"
echo "tests: $passed passed, $failed failed"
if [ "$files" -eq 0 ] || [ "$passed" -eq 0 ]; then echo "no test ran"; exit 1; fi
[ "$failed" -eq 0 ] && [ "$rc" -eq 0 ]
