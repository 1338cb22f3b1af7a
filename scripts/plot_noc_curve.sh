#!/usr/bin/env bash
# Plots the NoC curve that bench/noc/noc_curve writes: average packet latency (left axis) and accepted
# throughput (right axis) against offered load. Usage: scripts/plot_noc_curve.sh CURVE.csv OUT.svg
set -euo pipefail
if [[ $# -ne 2 ]]; then
  echo "usage: $0 CURVE.csv OUT.svg" >&2
  exit 2
fi
csv=$1
svg=$2
command -v gnuplot >/dev/null || { echo "$0: gnuplot not found (scripts/setup installs gnuplot-nox)" >&2; exit 1; }
title=$(sed -n 's/^# //p' "$csv" | head -n 1)
gnuplot <<GP
set terminal svg size 900,520 dynamic font "sans,11"
set output "$svg"
set datafile separator ","
set title "${title//\"/}" noenhanced font "sans,9"
set xlabel "offered load (flits/node/cycle)"
set ylabel "average packet latency (cycles)"
set y2label "accepted throughput (flits/node/cycle)"
set logscale y
set yrange [10:*]
set y2range [0:*]
set ytics nomirror
set y2tics
set grid
set key top left
plot "$csv" using 1:2 every ::1 with linespoints lw 2 pt 7 title "latency", \
     "$csv" using 1:3 every ::1 axes x1y2 with linespoints lw 2 pt 5 dt 2 title "accepted"
GP
echo "wrote $svg"
