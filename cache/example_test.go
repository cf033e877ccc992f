package cache_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"log"
	"os"

	"github.com/seed77ff/bitext/cache"
)

func Example() {
	dir, err := os.MkdirTemp("", "bitext-cache-example")
	if err != nil {
		log.Fatal(err)
	}
	defer func() { _ = os.RemoveAll(dir) }()

	ctx := context.Background()
	s, err := cache.Open(dir)
	if err != nil {
		log.Fatal(err) // a real caller would go on without a cache
	}
	defer func() { _ = s.Close() }()

	key := sha256.Sum256([]byte("any derivation the caller likes"))
	err = s.PutMany(ctx, []cache.Entry{{Key: key[:], Value: []byte("Hallo Welt"), Backend: "google", Source: "en", Target: "de"}})
	if err != nil {
		log.Fatal(err)
	}

	v, ok, err := s.Get(ctx, key[:])
	fmt.Println(string(v), ok, err)

	st, err := s.Stats(ctx)
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range st.Pairs {
		fmt.Printf("%s %s→%s: %d entries, %d bytes\n", p.Backend, p.Source, p.Target, p.Entries, p.Bytes)
	}
	// Output:
	// Hallo Welt true <nil>
	// google en→de: 1 entries, 10 bytes
}
