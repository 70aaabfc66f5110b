package main

import (
	"fmt"
	"os"
	"strings"
)

func main() {
	name := os.Getenv("NAME")
	var count int = "three"
	fmt.Println(strings.ToUpper(nme))
	undefinedCall()
}
