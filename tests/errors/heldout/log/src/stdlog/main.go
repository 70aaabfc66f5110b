// A service logging with Go's standard log package and level prefixes.
package main

import (
	"log"
	"net"
	"os"
	"time"
)

func main() {
	l := log.New(os.Stderr, "", log.LstdFlags|log.LUTC)
	l.Println("INFO: starting worker pool (4 workers)")
	if _, err := net.DialTimeout("tcp", "127.0.0.1:1", time.Second); err != nil {
		l.Printf("ERROR: db connect failed: %v", err)
	}
	l.Println("WARN: falling back to read-only mode")
	l.Println("INFO: serving 0 errors so far")
	l.Println("FATAL: no writable backend left, exiting")
	os.Exit(1)
}
