package main

import (
	"log"
	"sync"
	"time"
)

type job struct{ id int }

func work(j *job, wg *sync.WaitGroup) {
	defer wg.Done()
	time.Sleep(time.Millisecond)
	if j.id == 2 {
		var p *job
		log.Printf("job %d: reading config", j.id)
		_ = p.id
	}
}

func main() {
	log.SetFlags(0)
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go work(&job{id: i}, &wg)
	}
	wg.Wait()
}
