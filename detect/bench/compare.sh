#!/usr/bin/env bash
# compare.sh measures the bitext binary of this tree against an older one, side by side in
# one run, on what detection costs a process: CPU seconds (user+sys) and peak RSS from
# /usr/bin/time -v, and the binary's size (a plain go build, no -ldflags).
#
#	detect/bench/compare.sh                       # against 7b98167, built in a temporary worktree
#	detect/bench/compare.sh -old /path/to/bitext  # against a binary you built
#	detect/bench/compare.sh -runs 5 -lines 200 -peers ../shared/peers
#
# Workloads, each run -runs times per binary (the table shows the median CPU and RSS):
#   caption   bitext detect of one English caption, cold
#   short     bitext detect of one two-word caption in doubt ("Guck mal"), cold: it reads
#             the four- and five-gram models
#   seed      the seed's main job: bitext translate --backend none --format md
#             testdata/ynet/ynet-hostages.txt
#   lines     bitext detect --lines over -lines sentences and -lines word pairs of each of
#             the 32 languages of lingua's test data (-peers/langid-lingua), every language a
#             candidate; lines2 the same input twice over
# Throughput is lines per CPU-second; "marginal" is (lines2 - lines) / (CPU lines2 - CPU
# lines), which leaves out what a process pays once (start-up, model loading).
set -euo pipefail

old=7b98167
runs=3
nlines=200
peers=../shared/peers
while [ $# -gt 0 ]; do
	case "$1" in
	-old) old=$2; shift 2 ;;
	-runs) runs=$2; shift 2 ;;
	-lines) nlines=$2; shift 2 ;;
	-peers) peers=$2; shift 2 ;;
	*) echo "usage: $0 [-old BINARY|REVISION] [-runs N] [-lines N] [-peers DIR]" >&2; exit 2 ;;
	esac
done

root=$(git rev-parse --show-toplevel)
cd "$root"
peers=$(cd "$peers" && pwd)
work=$(mktemp -d)
trap 'git worktree remove --force "$work/old-src" 2>/dev/null || true; rm -rf "$work"' EXIT

echo "building this tree ($(git rev-parse --short HEAD)) ..." >&2
go build -o "$work/new" ./cmd/bitext
if [ -x "$old" ]; then
	cp "$old" "$work/old"
	oldname=$old
else
	echo "building $old in a temporary worktree ..." >&2
	git worktree add --detach -q "$work/old-src" "$old"
	(cd "$work/old-src" && go build -o "$work/old" ./cmd/bitext)
	oldname=$(git rev-parse --short "$old")
fi

# Inputs.
echo "Hamas has not yet responded to the proposal, officials said." >"$work/caption.txt"
echo "Guck mal" >"$work/short.txt"
for f in "$peers"/langid-lingua/sentences/*.txt; do
	head -n "$nlines" "$f"
	head -n "$nlines" "$peers/langid-lingua/word-pairs/$(basename "$f")"
done >"$work/lines.txt"
cat "$work/lines.txt" "$work/lines.txt" >"$work/lines2.txt"
n1=$(wc -l <"$work/lines.txt")
n2=$(wc -l <"$work/lines2.txt")
export BITEXT_CACHE_DIR="$work/cache"

# measure BIN ARGS...: prints "cpu rss_kb" of one run.
measure() {
	/usr/bin/time -v -o "$work/time" "$@" >"$work/out" 2>/dev/null
	awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} /Maximum resident/ {m=$2} END {printf "%.2f %d\n", u+s, m}' "$work/time"
}

# median of the runs' CPU and RSS, separately.
median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

declare -A cpu rss
for w in caption short seed lines lines2; do
	case $w in
	caption) args=(detect "$work/caption.txt") ;;
	short) args=(detect "$work/short.txt") ;;
	seed) args=(translate --backend none --format md testdata/ynet/ynet-hostages.txt) ;;
	lines) args=(detect --lines "$work/lines.txt") ;;
	lines2) args=(detect --lines "$work/lines2.txt") ;;
	esac
	: >"$work/runs.old"
	: >"$work/runs.new"
	# The binaries take turns, so a change in the machine's load falls on both.
	for _ in $(seq "$runs"); do
		for b in old new; do
			measure "$work/$b" "${args[@]}" >>"$work/runs.$b"
		done
	done
	for b in old new; do
		cpu[$w,$b]=$(cut -d' ' -f1 "$work/runs.$b" | median)
		rss[$w,$b]=$(cut -d' ' -f2 "$work/runs.$b" | median)
	done
done

# The two binaries' answers on the lines, label by label.
"$work/old" detect --lines "$work/lines.txt" | cut -f3 >"$work/old.labels"
"$work/new" detect --lines "$work/lines.txt" | cut -f3 >"$work/new.labels"
differ=$(paste "$work/old.labels" "$work/new.labels" | awk '$1 != $2' | wc -l)

echo
echo "old: $oldname   new: $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo '+changes')   runs: $runs (medians)   $(nproc) cores, $(uname -m), $(go version | cut -d' ' -f3)"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-34s %12s %12s %8s\n" "workload" "old" "new" "new/old"
row() { printf "%-34s %12s %12s %8s\n" "$1" "$2" "$3" "$(awk -v a="$2" -v b="$3" 'BEGIN {if (a+0 > 0) printf "%.2f", b/a; else print "-"}')"; }
row "binary size (MB)" "$(awk -v s="$(stat -c %s "$work/old")" 'BEGIN {printf "%.1f", s/1e6}')" \
	"$(awk -v s="$(stat -c %s "$work/new")" 'BEGIN {printf "%.1f", s/1e6}')"
for w in caption short seed lines lines2; do
	row "$w: CPU-s" "${cpu[$w,old]}" "${cpu[$w,new]}"
	row "$w: peak RSS (MB)" "$(awk -v k="${rss[$w,old]}" 'BEGIN {printf "%.0f", k/1024}')" \
		"$(awk -v k="${rss[$w,new]}" 'BEGIN {printf "%.0f", k/1024}')"
done
tp() { awk -v n="$1" -v c="$2" 'BEGIN {printf "%.0f", n/c}'; }
row "lines ($n1): lines per CPU-s" "$(tp "$n1" "${cpu[lines,old]}")" "$(tp "$n1" "${cpu[lines,new]}")"
row "lines2 ($n2): lines per CPU-s" "$(tp "$n2" "${cpu[lines2,old]}")" "$(tp "$n2" "${cpu[lines2,new]}")"
marg() { awk -v n="$((n2 - n1))" -v a="$1" -v b="$2" 'BEGIN {if (b > a) printf "%.0f", n/(b-a); else print "-"}'; }
row "marginal: lines per CPU-s" "$(marg "${cpu[lines,old]}" "${cpu[lines2,old]}")" "$(marg "${cpu[lines,new]}" "${cpu[lines2,new]}")"
echo "labels that differ between the two binaries on the $n1 lines: $differ"
