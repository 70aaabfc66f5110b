package main

type Server struct{ Port int }

func (s Server) Start() error { return nil }

func run() {
	s := Server{Port: "8080"}
	s.Stop()
}
