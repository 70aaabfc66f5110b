package okpass

import "testing"

func TestAdd(t *testing.T) {
	if Add(2, 2) != 4 {
		t.Fatal("bad")
	}
}

func TestAddNegative(t *testing.T) {
	t.Log("error paths are covered in TestAdd")
	if Add(-1, 1) != 0 {
		t.Fatal("bad")
	}
}
