package api

func Handle(id string) int {
	n := id + 1
	return n
}
