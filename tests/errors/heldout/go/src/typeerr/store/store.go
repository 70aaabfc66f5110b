package store

import (
	"fmt"
	"os"
)

type Store struct{ path string }

func Open(path string) (*Store, error) {
	if path == "" {
		return nil, "empty path"
	}
	return &Store{path: path}, nil
}

func (s *Store) Size() int64 {
	return len(s.path)
}
