package calc

import "testing"

func TestMedian(t *testing.T) {
	cases := map[string][]int{"odd": {1, 2, 3}, "empty": {}}
	for name, xs := range cases {
		xs := xs
		t.Run(name, func(t *testing.T) {
			if len(xs) > 0 && Median(xs) != 2 {
				t.Fatalf("median of %v", xs)
			}
			_ = Median(xs)
		})
	}
}
