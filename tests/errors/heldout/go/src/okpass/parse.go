package okpass

import (
	"errors"
	"strconv"
)

var ErrEmpty = errors.New("empty input")

// Parse reads a non-negative count.
func Parse(s string) (int, error) {
	if s == "" {
		return 0, ErrEmpty
	}
	return strconv.Atoi(s)
}
