// A failed type assertion on a decoded JSON value.
package main

import (
	"encoding/json"
	"fmt"
)

func port(cfg map[string]any) int {
	return cfg["port"].(int)
}

func main() {
	var cfg map[string]any
	_ = json.Unmarshal([]byte(`{"port": 8080}`), &cfg)
	fmt.Println(port(cfg))
}
