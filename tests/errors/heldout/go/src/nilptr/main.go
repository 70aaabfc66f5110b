// A method called through a nil *server: SIGSEGV turned into a panic.
package main

import "fmt"

type server struct{ addr string }

func (s *server) describe() string { return "listening on " + s.addr }

func lookup(name string) *server {
	if name == "api" {
		return &server{addr: ":8080"}
	}
	return nil
}

func main() {
	fmt.Println(lookup("api").describe())
	fmt.Println(lookup("admin").describe())
}
