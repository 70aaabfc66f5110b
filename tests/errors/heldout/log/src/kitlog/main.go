// go-kit style logfmt lines with lowercase levels.
package main

import (
	"fmt"
	"os"
	"time"
)

func logf(level, msg string, kv ...string) {
	ts := time.Now().UTC().Format(time.RFC3339)
	line := fmt.Sprintf("ts=%s caller=main.go:%d level=%s msg=%q", ts, 20+len(kv), level, msg)
	for i := 0; i+1 < len(kv); i += 2 {
		line += fmt.Sprintf(" %s=%q", kv[i], kv[i+1])
	}
	fmt.Fprintln(os.Stderr, line)
}

func main() {
	logf("info", "listening", "addr", ":9090")
	logf("info", "scrape done", "errors", "0", "targets", "12")
	logf("warn", "scrape slow", "target", "node-3", "duration", "4.2s")
	logf("error", "upstream timeout", "upstream", "billing", "err", "context deadline exceeded")
	logf("info", "scrape done", "errors", "1", "targets", "12")
}
