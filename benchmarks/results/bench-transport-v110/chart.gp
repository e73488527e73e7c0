set terminal pngcairo size 1300,1330 noenhanced font ',10'
set output '/work/main/benchmarks/results/bench-transport-v110/transport-throughput.png'
set multiplot layout 3,2 title 'fairmq-shmem-java transports on 2 cores, load 0.96, 1.40, 1.26 before, 2.45, 3.05, 2.43 after'
set grid; set key bottom left font ',9'; set lmargin 10; set rmargin 3
set title 'shmem-v110 over ipc: messages per second (java = org.fairmq, c++ = the protocol peer)'
set logscale xy; set xlabel 'message size'; set ylabel 'msg/s'; set xrange [700:24000000]
set xtics ('1 KiB' 1024, '64 KiB' 65536, '1 MiB' 1048576, '16 MiB' 16777216)
plot 1680566 lw 2 dt 2 lc rgb 'gray' title 'raw libzmq 32 B frames (one MetaHeader per message)', '/work/main/benchmarks/results/bench-transport-v110/chart.dat.tmp.ipc.shmem-v110' index 0 using 1:2 with linespoints lt 1 lw 2 pt 7 title 'java->java', '/work/main/benchmarks/results/bench-transport-v110/chart.dat.tmp.ipc.shmem-v110' index 1 using 1:2 with linespoints lt 2 lw 2 pt 7 title 'java->cpp', '/work/main/benchmarks/results/bench-transport-v110/chart.dat.tmp.ipc.shmem-v110' index 2 using 1:2 with linespoints lt 3 lw 2 pt 7 title 'cpp->java', '/work/main/benchmarks/results/bench-transport-v110/chart.dat.tmp.ipc.shmem-v110' index 3 using 1:2 with linespoints lt 4 lw 2 pt 7 title 'cpp->cpp'
set title 'shmem over ipc: messages per second (java = org.fairmq, c++ = the protocol peer)'
set logscale xy; set xlabel 'message size'; set ylabel 'msg/s'; set xrange [700:24000000]
set xtics ('1 KiB' 1024, '64 KiB' 65536, '1 MiB' 1048576, '16 MiB' 16777216)
plot 1680566 lw 2 dt 2 lc rgb 'gray' title 'raw libzmq 32 B frames (one MetaHeader per message)', '/work/main/benchmarks/results/bench-transport-v110/chart.dat.tmp.ipc.shmem' index 0 using 1:2 with linespoints lt 1 lw 2 pt 7 title 'java->java', '/work/main/benchmarks/results/bench-transport-v110/chart.dat.tmp.ipc.shmem' index 1 using 1:2 with linespoints lt 2 lw 2 pt 7 title 'java->cpp', '/work/main/benchmarks/results/bench-transport-v110/chart.dat.tmp.ipc.shmem' index 2 using 1:2 with linespoints lt 3 lw 2 pt 7 title 'cpp->java', '/work/main/benchmarks/results/bench-transport-v110/chart.dat.tmp.ipc.shmem' index 3 using 1:2 with linespoints lt 4 lw 2 pt 7 title 'cpp->cpp'
set title 'shmem-v110 over tcp: messages per second (java = org.fairmq, c++ = the protocol peer)'
set logscale xy; set xlabel 'message size'; set ylabel 'msg/s'; set xrange [700:24000000]
set xtics ('1 KiB' 1024, '64 KiB' 65536, '1 MiB' 1048576, '16 MiB' 16777216)
plot 2701897 lw 2 dt 2 lc rgb 'gray' title 'raw libzmq 32 B frames (one MetaHeader per message)', '/work/main/benchmarks/results/bench-transport-v110/chart.dat.tmp.tcp.shmem-v110' index 0 using 1:2 with linespoints lt 1 lw 2 pt 7 title 'java->java', '/work/main/benchmarks/results/bench-transport-v110/chart.dat.tmp.tcp.shmem-v110' index 1 using 1:2 with linespoints lt 2 lw 2 pt 7 title 'java->cpp', '/work/main/benchmarks/results/bench-transport-v110/chart.dat.tmp.tcp.shmem-v110' index 2 using 1:2 with linespoints lt 3 lw 2 pt 7 title 'cpp->java', '/work/main/benchmarks/results/bench-transport-v110/chart.dat.tmp.tcp.shmem-v110' index 3 using 1:2 with linespoints lt 4 lw 2 pt 7 title 'cpp->cpp'
set title 'shmem over tcp: messages per second (java = org.fairmq, c++ = the protocol peer)'
set logscale xy; set xlabel 'message size'; set ylabel 'msg/s'; set xrange [700:24000000]
set xtics ('1 KiB' 1024, '64 KiB' 65536, '1 MiB' 1048576, '16 MiB' 16777216)
plot 2701897 lw 2 dt 2 lc rgb 'gray' title 'raw libzmq 32 B frames (one MetaHeader per message)', '/work/main/benchmarks/results/bench-transport-v110/chart.dat.tmp.tcp.shmem' index 0 using 1:2 with linespoints lt 1 lw 2 pt 7 title 'java->java', '/work/main/benchmarks/results/bench-transport-v110/chart.dat.tmp.tcp.shmem' index 1 using 1:2 with linespoints lt 2 lw 2 pt 7 title 'java->cpp', '/work/main/benchmarks/results/bench-transport-v110/chart.dat.tmp.tcp.shmem' index 2 using 1:2 with linespoints lt 3 lw 2 pt 7 title 'cpp->java', '/work/main/benchmarks/results/bench-transport-v110/chart.dat.tmp.tcp.shmem' index 3 using 1:2 with linespoints lt 4 lw 2 pt 7 title 'cpp->cpp'
unset logscale; set logscale y; set autoscale x; unset xtics; set xtics rotate by 30 right font ',8'; set xlabel ''
set title 'round trip over ipc, 1024 B at 10000 msg/s (ping->pong; median of runs)'
set ylabel 'microseconds'; set style data histograms; set style histogram clustered gap 1; set style fill solid 0.8; set key tmargin horizontal
plot '/work/main/benchmarks/results/bench-transport-v110/chart.dat.tmp.lat.ipc' using 2:xtic(1) title 'p50', '' using 3 title 'p99', '' using 4 title 'p99.9', '' using 5 title 'max'
unset logscale; set logscale y; set autoscale x; unset xtics; set xtics rotate by 30 right font ',8'; set xlabel ''
set title 'round trip over tcp, 1024 B at 10000 msg/s (ping->pong; median of runs)'
set ylabel 'microseconds'; set style data histograms; set style histogram clustered gap 1; set style fill solid 0.8; set key tmargin horizontal
plot '/work/main/benchmarks/results/bench-transport-v110/chart.dat.tmp.lat.tcp' using 2:xtic(1) title 'p50', '' using 3 title 'p99', '' using 4 title 'p99.9', '' using 5 title 'max'
unset multiplot
