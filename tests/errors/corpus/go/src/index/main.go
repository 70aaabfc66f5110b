package main

import (
	"fmt"
	"os"
)

func pick(xs []string, i int) string { return xs[i] }

func main() {
	fmt.Fprintln(os.Stderr, "picking the third argument")
	fmt.Println(pick(os.Args[1:], 2))
}
