# gnuplot -e "csv='soak.csv'; png='soak.png'" bench/soak/plot.gp
set datafile separator ","
set terminal pngcairo size 1000,900 noenhanced
set output png
set multiplot layout 3,1 title "hummel soak: ".csv
set xlabel "seconds"
set key left top
set ylabel "RSS (MiB)"
plot csv using 1:($2/1024) with lines title "RSS"
set ylabel "count"
plot csv using 1:3 with lines title "open fds", \
     csv using 1:4 with lines title "threads"
set ylabel "scripts_status (ms)"
set logscale y
plot csv using 1:6 with lines title "p50", \
     csv using 1:7 with lines title "p99", \
     csv using 1:8 with lines title "max"
unset multiplot
