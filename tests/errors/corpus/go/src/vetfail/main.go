package main

import (
	"fmt"
	"sync"
)

type counter struct {
	mu sync.Mutex
	n  int
}

func show(c counter) { fmt.Printf("%d items\n", c) }

func main() {
	c := counter{}
	fmt.Printf("%s\n", 42)
	show(c)
}
