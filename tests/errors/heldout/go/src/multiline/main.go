// A panic whose message spans several lines.
package main

import (
	"fmt"
	"strings"
)

func main() {
	missing := []string{"DATABASE_URL", "REDIS_URL"}
	panic(fmt.Sprintf("config incomplete:\n  missing %s\n  see docs/config.md", strings.Join(missing, ", ")))
}
