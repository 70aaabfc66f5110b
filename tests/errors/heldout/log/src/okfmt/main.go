// Only info/debug logfmt lines; several mention errors harmlessly.
package main

import (
	"fmt"
	"os"
)

func main() {
	lines := []string{
		`level=info msg="compaction started" blocks=4`,
		`level=debug msg="retry policy" on_error=backoff max_errors=3`,
		`level=info msg="compaction done" error_count=0 warnings=0`,
		`level=info msg="health check" status=ok errors="none"`,
		`level=debug msg="error budget remaining" budget=100%`,
	}
	for _, l := range lines {
		fmt.Fprintln(os.Stderr, l)
	}
}
