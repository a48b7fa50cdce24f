#!/usr/bin/env bash
# The README's second command: builds the solution once, runs every test project with a TRX logger, prints each
# project's counts and ends with one line `N passed, N failed[, N skipped]` summed from the TRX counters.
# Exits non-zero when a test failed, a project produced no TRX, or no test ran at all.
# Integration and compatibility tests need root; without it they are reported as skipped.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
results=${WHARF_TEST_RESULTS:-$repo/artifacts/test-results}
configuration=${WHARF_TEST_CONFIGURATION:-Debug}
cd "$repo"
rm -rf "$results"
mkdir -p "$results"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

echo "==> build ($configuration)"
if ! dotnet build Wharf.slnx -c "$configuration" --nologo -v quiet; then
    echo "build failed"
    echo "0 passed, 1 failed"
    exit 1
fi

# The compatibility tests judge the binary users run: wharfd published with NativeAOT (as setup.sh does).
aot=$repo/artifacts/wharfd-aot
echo "==> publish wharfd (NativeAOT, Release)"
if ! dotnet publish src/Wharf.Daemon -c Release -o "$aot" --nologo -v quiet; then
    echo "NativeAOT publish of wharfd failed"
    echo "0 passed, 1 failed"
    exit 1
fi

# One TRX counter out of <Counters .../>; 0 when absent.
counter() { grep -o "<Counters [^>]*>" "$1" | grep -o " $2=\"[0-9]*\"" | grep -o '[0-9]\+' || echo 0; }

passed=0 failed=0 skipped=0 status=0
summary=()
for project in tests/*/*.Tests.csproj; do
    name=$(basename "$project" .csproj)
    trx=$results/$name.trx
    echo "==> $name"
    start=$SECONDS
    # A hung test must not hang CI: the blame collector dumps and kills the host after 10 minutes.
    native=
    [[ $name == Wharf.Compat.Tests ]] && native=$aot/wharfd
    WHARF_TEST_WHARFD=$native dotnet test "$project" -c "$configuration" --no-build --nologo \
        --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
        --blame-hang-timeout 10m || status=1
    if [[ ! -f $trx ]]; then
        summary+=("$name: no TRX written (the test host did not run) -> counted as 1 failed")
        failed=$((failed + 1))
        status=1
        continue
    fi
    total=$(counter "$trx" total)
    executed=$(counter "$trx" executed)
    p=$(counter "$trx" passed)
    f=$(($(counter "$trx" failed) + $(counter "$trx" error) + $(counter "$trx" timeout) + $(counter "$trx" aborted)))
    # xunit's skipped tests are neither executed nor "notExecuted" in vstest's TRX: they are total - executed.
    s=$((total - executed))
    passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
    summary+=("$(printf '%-28s %4d passed, %4d failed, %4d skipped  (%ds)' "$name:" "$p" "$f" "$s" $((SECONDS - start)))")
done

echo
echo "==> results (TRX files in $results)"
printf '%s\n' "${summary[@]}"
((passed + failed == 0)) && { echo "no test ran"; status=1; }
line="$passed passed, $failed failed"
((skipped > 0)) && line+=", $skipped skipped"
# The last line, exactly; CI reads it.
echo "$line"
((failed == 0 && status == 0))
