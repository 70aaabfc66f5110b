package main

import "fmt"

func main() {
	results := make(chan int)
	fmt.Println("waiting for results")
	fmt.Println(<-results)
}
