// A deferred cleanup panics while the function is already panicking.
package main

import "errors"

func flush() {
	panic(errors.New("flush: disk quota exceeded"))
}

func save() {
	defer func() {
		panic("cleanup: temp file still locked")
	}()
	flush()
}

func main() {
	save()
}
