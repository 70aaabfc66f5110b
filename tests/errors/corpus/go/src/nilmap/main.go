package main

import "fmt"

type registry struct{ byName map[string]int }

func (r *registry) add(name string) { r.byName[name]++ }

func main() {
	fmt.Println("starting registry")
	var r registry
	r.add("api")
}
