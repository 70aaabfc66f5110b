// Builds, but go vet has three complaints.
package main

import (
	"fmt"
	"strings"
	"sync"
)

type counter struct {
	mu sync.Mutex
	n  int
}

func report(c counter) {
	fmt.Printf("%d hits for %s\n", c.n)
}

type user struct {
	Name string `json:"name" xml:name`
}

func main() {
	c := counter{}
	report(c)
	strings.ToUpper("done")
	fmt.Println(user{Name: "x"})
}
