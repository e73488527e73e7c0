#!/usr/bin/env bash
# The report of scripts/bench-transport.sh, from the raw files of its output directory (raw.csv,
# latency-raw.csv, run.txt): medians per cell into transport-throughput.csv and
# transport-latency.csv, the tables (stdout, table.txt, latency-table.txt) and, with gnuplot,
# transport-throughput.png. Runs at the end of bench-transport.sh; run it again to redo a report.
#
# Usage: scripts/bench-transport-report.sh <output directory>
set -euo pipefail
out=${1:?usage: $0 <output directory of bench-transport.sh>}
raw="$out/raw.csv" latency_raw="$out/latency-raw.csv"
for f in "$raw" "$latency_raw" "$out/run.txt"; do [ -e "$f" ] || { echo "bench-transport-report: $f is missing" >&2; exit 1; }; done
setting() { sed -n "s/^$1=//p" "$out/run.txt"; }
sizes=$(setting sizes)

# Shared by the awk programs: the median of arr[key, 1..m] (sorts that slice) and number formats.
awk_lib='function median(arr, key, m,   a, b, t) {
    for (a = 1; a <= m; a++) for (b = a + 1; b <= m; b++) if (arr[key, b] < arr[key, a]) { t = arr[key, a]; arr[key, a] = arr[key, b]; arr[key, b] = t }
    return m == 0 ? 0 : ((m % 2) ? arr[key, (m + 1) / 2] : (arr[key, m / 2] + arr[key, m / 2 + 1]) / 2)
  }
  function human(b) { return b >= 1048576 ? b / 1048576 " MiB" : (b >= 1024 ? b / 1024 " KiB" : b " B") }
  function si(x) { return x >= 1e6 ? sprintf("%.2f M", x / 1e6) : (x >= 1e4 ? sprintf("%.0f k", x / 1e3) : sprintf("%.0f", x)) }
  function label(path, t,   q) { split(path, q, "-"); return (q[1] == "java" ? "Java" : "C++") "->" (q[2] == "java" ? "Java" : "C++") " " t }'

# Throughput medians (runs that produced a rate on both sides; failed runs counted apart); ratio:
# msg/s over C++->C++ of the same transport and endpoint at the same size (shmem-v110, the v1.10
# protocol, is a transport of its own: its rows are labelled "... shmem-v110" and its ratios are to
# its own C++->C++ cell, that of fairmq-interop-device-v110).
csv="$out/transport-throughput.csv"
awk -F, "$awk_lib"'
  NR > 1 { key = $1 "," $2 "," $3 "," $4; if (!(key in seen)) { seen[key] = 1; order[++k] = key }
    if ($8 > 0 && $7 > 0 && $10 > 0) { i = ++n[key]; v[key, i] = $7 / $8; rx[key, i] = $9 / $7 * 1e6; tx[key, i] = $12 / $10 * 1e6; ld[key, i] = $6 }
    else failed[key]++ }
  END {
    for (i = 1; i <= k; i++) {
      key = order[i]; m = n[key] + 0; split(key, f, ",")
      med[key] = median(v, key, m); lo[key] = m ? v[key, 1] : 0; hi[key] = m ? v[key, m] : 0
      txm[key] = median(tx, key, m); rxm[key] = median(rx, key, m); ldm[key] = median(ld, key, m)
      if (f[3] == "cpp-cpp") base[f[1] "," f[2] "," f[4]] = med[key]
    }
    print "endpoint,transport,path,size_bytes,runs_ok,runs_failed,msg_per_s_median,msg_per_s_min,msg_per_s_max,gb_per_s_median,ratio_to_cpp_cpp,sender_cpu_us_per_msg,receiver_cpu_us_per_msg,load1_median"
    for (i = 1; i <= k; i++) {
      key = order[i]; split(key, f, ","); b = base[f[1] "," f[2] "," f[4]]
      ratio = (b > 0 && med[key] > 0) ? sprintf("%.3f", med[key] / b) : ""
      printf "%s,%d,%d,%.0f,%.0f,%.0f,%.4f,%s,%.3f,%.3f,%.2f\n", key, n[key], failed[key], med[key], lo[key], hi[key],
        med[key] * f[4] / 1e9, ratio, txm[key], rxm[key], ldm[key]
    }
  }' "$raw" >"$csv"

# Latency medians over the runs of each cell (a run without samples is failed); max_us_worst is the
# largest max of all runs.
lcsv="$out/transport-latency.csv"
awk -F, "$awk_lib"'
  NR > 1 { key = $1 "," $2 "," $3 "," $4 "," $5; if (!(key in seen)) { seen[key] = 1; order[++k] = key }
    if ($8 > 0) { i = ++n[key]; c[key, i] = $8; p50[key, i] = $9; p99[key, i] = $10; p999[key, i] = $11; mx[key, i] = $12
      if ($12 > worst[key]) worst[key] = $12 }
    else failed[key]++ }
  END {
    print "endpoint,transport,path,size_bytes,rate_per_s,runs_ok,runs_failed,msgs_median,p50_us_median,p99_us_median,p999_us_median,max_us_median,max_us_worst"
    for (i = 1; i <= k; i++) {
      key = order[i]; m = n[key] + 0
      printf "%s,%d,%d,%.0f,%.1f,%.1f,%.1f,%.1f,%.1f\n", key, m, failed[key], median(c, key, m), median(p50, key, m),
        median(p99, key, m), median(p999, key, m), median(mx, key, m), worst[key] + 0
    }
  }' "$latency_raw" >"$lcsv"

header() {
  echo "machine: $(setting cores) cores, $(setting kernel), $(setting java)"
  echo "load (1, 5, 15 min) before: $(setting load_before); after: $(setting load_after); started $(setting started), took $(setting elapsed_s) s"
}

# The latency table alone (also the end of table.txt).
{
  echo "Round-trip latency, ping -> pong -> ping over two push/pull channels, $(setting latency_size) bytes at $(setting latency_rate) msg/s,"
  echo "measured from each message's intended send time (coordinated omission included), $(setting latency_seconds) s per run"
  echo "minus $(setting latency_warmup_ms) ms warm-up; nearest-rank percentiles; median of the runs of each cell (max: median, and worst run)"
  header
  echo
  awk -F, "$awk_lib"'
    NR == 1 { printf "%-4s %-24s | %-8s | %-9s | %-9s | %-9s | %-9s | %-10s | %s\n", "", "ping->pong transport", "msgs", "p50 us", "p99 us", "p99.9 us", "max us", "worst max", "runs"; next }
    { printf "%-4s %-24s | %-8s | %-9s | %-9s | %-9s | %-9s | %-10s | %s\n", $1, label($3, $2), $8, $9, $10, $11, $12, $13,
        $6 ($7 > 0 ? " (" $7 " failed)" : "") }' "$lcsv"
} >"$out/latency-table.txt"

have_throughput=$(awk 'END { print (NR > 1) }' "$csv")
have_latency=$(awk 'END { print (NR > 1) }' "$lcsv")
{
  if [ "$have_throughput" = 1 ]; then
  echo "Transport throughput, push/pull, fresh messages, payload untouched (receiver's rate, median of"
  echo "$(setting repeat) interleaved run(s) of $(setting seconds) s each minus $(setting warmup_ms) ms warm-up; GB/s = 10^9 bytes/s; main segment"
  echo "$(setting segment_size) bytes; ratio: msg/s over C++->C++ of the same transport and endpoint)"
  header
  awk -F, -v sizes="$sizes" "$awk_lib"'
    NR > 1 { key = $1 SUBSEP $2 SUBSEP $3; ok[key, $4] = $5; bad[key, $4] = $6; rate[key, $4] = $7; gbs[key, $4] = $10
      ratio[key, $4] = $11; cpu[key, $4] = ($5 > 0) ? sprintf("%.2f + %.2f", $12, $13) : "failed"
      if (!(($1, $2, $3) in seen)) { seen[$1, $2, $3] = 1; rows[$1, ++nrows[$1]] = $2 SUBSEP $3 }
      if (!($1 in kinds)) { kinds[$1] = 1; kind[++nk] = $1 } }
    function cell(key, b) {
      if (!((key, b) in ok)) return ""
      if (ok[key, b] == 0) return "failed"
      return sprintf("%s (%.2f)%s", si(rate[key, b]), gbs[key, b], bad[key, b] > 0 ? " " bad[key, b] "x failed" : "")
    }
    function heading(title,   j) {
      printf "%-24s", title; for (j = 1; j <= ns; j++) printf " | %-22s", human(s[j]); print ""
    }
    END {
      ns = split(sizes, s, " ")
      for (e = 1; e <= nk; e++) {
        K = kind[e]; print ""; print "== " K " ==" (K == "tcp" ? " (tcp://127.0.0.1)" : " (ipc:///tmp/...)")
        heading("msg/s (GB/s)")
        for (r = 1; r <= nrows[K]; r++) { split(rows[K, r], t, SUBSEP); if (t[1] == "libzmq") continue
          printf "%-24s", label(t[2], t[1]); for (j = 1; j <= ns; j++) printf " | %-22s", cell(K SUBSEP rows[K, r], s[j]); print "" }
        print ""; heading("ratio to C++->C++")
        for (r = 1; r <= nrows[K]; r++) { split(rows[K, r], t, SUBSEP); if (t[1] == "libzmq" || t[2] == "cpp-cpp") continue
          printf "%-24s", label(t[2], t[1]); for (j = 1; j <= ns; j++) printf " | %-22s", ratio[K SUBSEP rows[K, r], s[j]]; print "" }
        print ""; heading("CPU us/msg, tx + rx")
        for (r = 1; r <= nrows[K]; r++) { split(rows[K, r], t, SUBSEP); if (t[1] == "libzmq") continue
          printf "%-24s", label(t[2], t[1]); for (j = 1; j <= ns; j++) printf " | %-22s", cpu[K SUBSEP rows[K, r], s[j]]; print "" }
        print ""
        raw = K SUBSEP "libzmq" SUBSEP "raw-raw"
        for (b = 32; b <= 1024; b += 992) if ((raw, b) in ok)
          printf "ceiling, raw libzmq %s frames over %s: %s msg/s (%d run(s), %d failed)\n", human(b), K, si(rate[raw, b]), ok[raw, b], bad[raw, b]
        if (rate[raw, 1024] > 0) for (p = 1; p <= 2; p++) {
          path = p == 1 ? "java-java" : "cpp-cpp"; key = K SUBSEP "zeromq" SUBSEP path
          if (rate[key, 1024] > 0) printf "%s 1 KiB / raw libzmq 1 KiB frames: %.2f%s\n", label(path, "zeromq"),
            rate[key, 1024] / rate[raw, 1024], p == 1 ? " (target >= 0.8)" : ""
        }
      }
    }' "$csv"
  echo
  fi
  if [ "$have_latency" = 1 ]; then cat "$out/latency-table.txt"; fi
} | tee "$out/table.txt"

if ! command -v gnuplot >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "bench-transport-report: installing gnuplot-nox for the chart" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends gnuplot-nox >/dev/null 2>&1 || true
fi
if ! command -v gnuplot >/dev/null; then
  echo "bench-transport-report: gnuplot not found, no chart (apt-get install gnuplot-nox)" >&2
  exit 0
fi
# One panel per transport and endpoint (msg/s against size, a line per direction, the raw libzmq
# ceiling dashed), then one panel of latency percentiles per endpoint.
panels=$(awk -F, 'NR > 1 && $2 != "libzmq" && !(($1, $2) in s) { s[$1, $2] = 1; print $1 "," $2 }' "$csv")
lpanels=$(awk -F, 'NR > 1 && $6 > 0 && !($1 in s) { s[$1] = 1; print $1 }' "$lcsv")
np=$(echo "$panels" | grep -c . || true)
nl=$(echo "$lpanels" | grep -c . || true)
[ "$np" -gt 0 ] || [ "$nl" -gt 0 ] || exit 0
columns=2 rows=$(( (np + 1) / 2 + (nl + 1) / 2 ))
dat="$out/chart.dat.tmp"
{
  echo "set terminal pngcairo size 1300,$(( 430 * rows + 40 )) noenhanced font ',10'"
  echo "set output '$out/transport-throughput.png'"
  echo "set multiplot layout $rows,$columns title 'fairmq-shmem-java transports on $(setting cores) cores, load $(setting load_before) before, $(setting load_after) after'"
  echo "set grid; set key bottom left font ',9'; set lmargin 10; set rmargin 3"
  for panel in $panels; do
    IFS=, read -r kind transport <<<"$panel"
    plot="" lt=0
    for path in java-java java-cpp cpp-java cpp-cpp; do
      lt=$((lt + 1))
      block=$(awk -F, -v k="$kind" -v t="$transport" -v p="$path" '$1 == k && $2 == t && $3 == p && $7 > 0 { print $4, $7 }' "$csv")
      [ -n "$block" ] || continue
      printf '%s\n\n\n' "$block" >>"$dat.$kind.$transport"
      plot+=", '$dat.$kind.$transport' index $(( $(grep -c '^$' "$dat.$kind.$transport") / 2 - 1 )) using 1:2 with linespoints lt $lt lw 2 pt 7 title '${path/-/->}'"
    done
    ceiling_size=32; [ "$transport" = zeromq ] && ceiling_size=1024
    ceiling=$(awk -F, -v k="$kind" -v b="$ceiling_size" '$1 == k && $2 == "libzmq" && $4 == b && $7 > 0 { print $7 }' "$csv")
    echo "set title '$transport over $kind: messages per second (java = org.fairmq, c++ = the protocol peer)'"
    echo "set logscale xy; set xlabel 'message size'; set ylabel 'msg/s'; set xrange [700:24000000]"
    echo "set xtics ('1 KiB' 1024, '64 KiB' 65536, '1 MiB' 1048576, '16 MiB' 16777216)"
    if [ -n "$ceiling" ] && [ "$transport" != zeromq ]; then  # shmem and shmem-v110: one MetaHeader per message
      plot="$ceiling lw 2 dt 2 lc rgb 'gray' title 'raw libzmq 32 B frames (one MetaHeader per message)'$plot"
    elif [ -n "$ceiling" ]; then
      echo "1024 $ceiling" >"$dat.$kind.ceiling"
      plot="'$dat.$kind.ceiling' using 1:2 with points pt 6 ps 2.5 lw 2 lc rgb 'black' title 'raw libzmq 1 KiB frames'$plot"
    else
      plot=${plot#, }
    fi
    echo "plot $plot"
  done
  [ $(( np % 2 )) = 0 ] || echo "set multiplot next"
  for kind in $lpanels; do
    awk -F, -v k="$kind" '$1 == k && $6 > 0 { sub(/-/, "->", $3); printf "\"%s %s\" %s %s %s %s\n", $2, $3, $9, $10, $11, $12 }' "$lcsv" >"$dat.lat.$kind"
    echo "unset logscale; set logscale y; set autoscale x; unset xtics; set xtics rotate by 30 right font ',8'; set xlabel ''"
    echo "set title 'round trip over $kind, $(setting latency_size) B at $(setting latency_rate) msg/s (ping->pong; median of runs)'"
    echo "set ylabel 'microseconds'; set style data histograms; set style histogram clustered gap 1; set style fill solid 0.8; set key tmargin horizontal"
    echo "plot '$dat.lat.$kind' using 2:xtic(1) title 'p50', '' using 3 title 'p99', '' using 4 title 'p99.9', '' using 5 title 'max'"
  done
  echo "unset multiplot"
} >"$out/chart.gp"
gnuplot "$out/chart.gp" && echo "chart: $out/transport-throughput.png" >&2
rm -f "$dat".*
