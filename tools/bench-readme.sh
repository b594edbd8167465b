#!/bin/sh
# tools/bench-readme.sh: the README "Performance" table, generated from bench/run.sh output.
#
#   tools/bench-readme.sh [FILE...]           print the table (markdown) on stdout
#   tools/bench-readme.sh --write [FILE...]   put it into README.md between
#                                             <!-- bench:begin --> and <!-- bench:end -->
#   tools/bench-readme.sh --check [FILE...]   exit 1 if README.md's table differs
#   tools/bench-readme.sh --record RUN        keep the cases of RUN (a saved bench/run.sh
#                                             output) in bench/results/readme.txt, replacing
#                                             that file's lines for the same cases
#
# FILEs are bench/run.sh outputs ("-" is stdin); without any, bench/results/readme.txt, the
# figures the README shows.  A later line for a case replaces an earlier one, so a partial
# run (BENCH_CASES=...) can follow a full one.  Lines read:
#   N: <rows> incidents ...                   the data size of the lines that follow
#   <case>: <ratio>  (target <= X) PASS|OVER  or  <case>: <ratio>  (informational)
#   ... # <note>                              a note shown next to the ratio
# Detail lines, "/parallel" variants and other lines are ignored.
#
# Which cases the table shows, in which order, and the words for what tst_hub does and for
# the plain-PostgreSQL baseline come from bench/readme_cases.tsv.  A case measured with a
# data size other than the README's (BENCH_README_N, default 1200000 incidents) is labelled
# with its N, so figures of a small quick run never pass for full-scale ones.  Cases in the input but not in the TSV,
# and TSV cases without a figure, are named on stderr and left out.
set -eu
cd "$(dirname "$0")/.."
cases=bench/readme_cases.tsv
results=bench/results/readme.txt
readme=${README:-README.md}

mode=print
case ${1:-} in
--write | --check | --record) mode=${1#--}; shift ;;
--help | -h) sed -n '2,/^set -eu/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
esac

if [ "$mode" = record ]; then
	[ $# -eq 1 ] || { echo "usage: tools/bench-readme.sh --record RUN" >&2; exit 2; }
	[ -r "$1" ] || { echo "bench-readme: cannot read $1" >&2; exit 2; }
	new=$(mktemp)
	# the run's header and case lines, then the old file without the cases the run has
	awk -v run="$1" '
		FNR == NR {
			if ($0 ~ /^(machine|N|settings): /) hdr = hdr $0 "\n"
			else if ($0 ~ /^[A-Za-z0-9_]+: ([0-9][0-9.]* |WARNING )/) { name = $1; sub(/:$/, "", name); got[name] = 1; body = body $0 "\n" }
			next
		}
		$0 ~ /^[A-Za-z0-9_]+: / { name = $1; sub(/:$/, "", name); if (name in got) next }
		{ print }
		END {
			if (body == "") { print "bench-readme: no case lines in " run > "/dev/stderr"; exit 1 }
			printf "%s%s", hdr, body
		}' "$1" "$results" > "$new"
	mv "$new" "$results"
	echo "bench-readme: $results updated from $1"
	exit 0
fi

[ $# -gt 0 ] || set -- "$results"

table=$(mktemp)
trap 'rm -f "$table"' EXIT
awk -F'\t' -v tsv="$cases" -v main_n="${BENCH_README_N:-1200000}" '
	BEGIN {
		while ((getline line < tsv) > 0) {
			if (line ~ /^#/ || line == "") continue
			split(line, f, "\t")
			order[++ncase] = f[1]; what[f[1]] = f[2]; base[f[1]] = f[3]
		}
	}
	FNR == 1 { n = "" }
	/^N: [0-9]+ / { split($0, w, " "); n = w[2]; next }
	/^[A-Za-z0-9_]+: ([0-9][0-9.]*|WARNING)/ {
		line = $0; note = ""
		if ((i = index(line, "#")) > 0) { note = substr(line, i + 1); sub(/^ +/, "", note); line = substr(line, 1, i - 1) }
		split(line, w, " ")
		name = w[1]; sub(/:$/, "", name)
		if (w[2] == "WARNING") { pending[name] = 1; next }
		ratio[name] = w[2]; size[name] = n; remark[name] = note
		warned[name] = (name in pending); delete pending[name]
		target[name] = ""; over[name] = 0
		if (match(line, /target <= [0-9.]+/)) target[name] = substr(line, RSTART + 10, RLENGTH - 10) + 0
		if (line ~ /\) OVER/) over[name] = 1
		seen[name] = 1
	}
	END {
		print "| case | baseline (plain PostgreSQL, same work) | ratio | target |"
		print "|---|---|---|---|"
		for (i = 1; i <= ncase; i++) {
			c = order[i]
			if (!(c in seen)) { print "bench-readme: no figure for " c " (left out)" > "/dev/stderr"; continue }
			r = ratio[c]
			extra = remark[c]
			if (size[c] != main_n) extra = (size[c] == "" ? "N unknown" : "N=" size[c]) (extra == "" ? "" : ", " extra)
			if (warned[c]) extra = "baseline and test returned different rows" (extra == "" ? "" : ", " extra)
			if (extra != "") r = r " (" extra ")"
			t = (target[c] == "") ? "informational" : target[c] (over[c] ? " (over)" : "")
			printf "| %s | %s | %s | %s |\n", what[c], base[c], r, t
			shown[c] = 1
		}
		for (c in seen)
			if (!(c in shown) && !(c in what))
				print "bench-readme: case " c " is not in " tsv " (left out)" > "/dev/stderr"
	}' "$@" > "$table"

case $mode in
print) cat "$table" ;;
write | check)
	grep -q '^<!-- bench:begin -->$' "$readme" && grep -q '^<!-- bench:end -->$' "$readme" ||
		{ echo "bench-readme: $readme has no <!-- bench:begin --> / <!-- bench:end --> markers" >&2; exit 2; }
	current=$(sed -n '/^<!-- bench:begin -->$/,/^<!-- bench:end -->$/p' "$readme" | sed '1d;$d')
	if [ "$mode" = check ]; then
		if [ "$current" = "$(cat "$table")" ]; then
			echo "README Performance table matches the bench figures"
		else
			echo "README Performance table differs from the bench figures; run tools/bench-readme.sh --write" >&2
			printf '%s\n' "$current" | diff -u - "$table" >&2 || true
			exit 1
		fi
	else
		awk -v gen="$table" '
			/^<!-- bench:end -->$/ { while ((getline line < gen) > 0) print line; skip = 0 }
			!skip { print }
			/^<!-- bench:begin -->$/ { skip = 1 }' "$readme" > "$readme.new"
		mv "$readme.new" "$readme"
		echo "bench-readme: $readme Performance table written"
	fi
	;;
esac
