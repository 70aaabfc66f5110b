// Unsynchronised writes to one map from several goroutines.
package main

import "sync"

func main() {
	hits := map[int]int{}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 1000000; i++ {
				hits[i%64] += g
			}
		}(g)
	}
	wg.Wait()
}
