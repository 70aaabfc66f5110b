package okpass

import (
	"errors"
	"testing"
)

func TestParseError(t *testing.T) {
	if _, err := Parse(""); !errors.Is(err, ErrEmpty) {
		t.Fatalf("want ErrEmpty, got %v", err)
	}
}

func TestPanicFreeOnGarbage(t *testing.T) {
	if _, err := Parse("x"); err == nil {
		t.Fatal("want an error")
	}
}

func TestNoErrors(t *testing.T) {
	t.Log("errors: 0, warnings: 0")
	if n, err := Parse("42"); err != nil || n != 42 {
		t.Fatalf("got %d, %v", n, err)
	}
}
