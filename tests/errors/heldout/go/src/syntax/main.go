package main

import "fmt"

func main() {
	items := []string{"a", "b"
	for _, it := range items {
		fmt.Println(it)
	}
}
