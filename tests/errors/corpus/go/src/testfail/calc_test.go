package testfail

import "testing"

func TestAdd(t *testing.T) {
	if got := Add(2, 2); got != 4 {
		t.Errorf("Add(2, 2) = %d, want 4", got)
	}
}

func TestDiv(t *testing.T) {
	t.Log(Div(1, 0))
}
