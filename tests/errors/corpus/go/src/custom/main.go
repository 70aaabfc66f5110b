package main

import (
	"errors"
	"fmt"
)

var errNoConfig = errors.New("config file not found: /etc/app.toml")

func load() error { return fmt.Errorf("load: %w", errNoConfig) }

func main() {
	if err := load(); err != nil {
		panic(err)
	}
}
