package translate

import (
	"crypto/sha256"
	"sync"
)

// MinSecretLen is the shortest credential Secrets records: a shorter one would match ordinary
// text, and no provider issues keys that short.
const MinSecretLen = 8

// Secrets is the set of credentials a job's backends hold, so that an answer containing one
// can be refused (middleware.QA) before it reaches an output or the cache. It keeps only
// digests — a rolling hash and a SHA-256 per secret — never the secrets themselves, so
// holding a Secrets, or printing one, gives nothing away. The zero value is an empty set;
// a nil *Secrets is empty and ignores Add. Its methods are safe for concurrent use.
type Secrets struct {
	mu sync.RWMutex
	// byLen maps a secret's length to the rolling hashes of the secrets of that length, each
	// to the SHA-256 that confirms a match.
	byLen map[int]map[uint64][sha256.Size]byte
}

// Add records secret (values shorter than MinSecretLen are ignored). Backend constructors
// call it through Config.Secret for every credential they read.
func (s *Secrets) Add(secret string) {
	if s == nil || len(secret) < MinSecretLen {
		return
	}
	h := rollingHash(secret)
	sum := sha256.Sum256([]byte(secret))
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.byLen == nil {
		s.byLen = map[int]map[uint64][sha256.Size]byte{}
	}
	m := s.byLen[len(secret)]
	if m == nil {
		m = map[uint64][sha256.Size]byte{}
		s.byLen[len(secret)] = m
	}
	m[h] = sum
}

// Len returns the number of secrets recorded.
func (s *Secrets) Len() int {
	if s == nil {
		return 0
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	n := 0
	for _, m := range s.byLen {
		n += len(m)
	}
	return n
}

// In reports whether text contains one of the secrets, byte for byte. It costs one pass over
// text per distinct secret length (Rabin–Karp), a SHA-256 only on a hash match.
func (s *Secrets) In(text string) bool {
	if s == nil {
		return false
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	for n, m := range s.byLen {
		if len(text) < n {
			continue
		}
		pow := uint64(1) // rollBase^(n-1), the weight of the byte leaving the window
		for range n - 1 {
			pow *= rollBase
		}
		h := rollingHash(text[:n])
		for i := 0; ; i++ {
			if sum, ok := m[h]; ok && sha256.Sum256([]byte(text[i:i+n])) == sum {
				return true
			}
			if i+n == len(text) {
				break
			}
			h = (h-uint64(text[i])*pow)*rollBase + uint64(text[i+n])
		}
	}
	return false
}

// rollBase is the multiplier of the polynomial hash, modulo 2^64: an odd constant with well
// mixed bits (the 64-bit FNV prime).
const rollBase = 1099511628211

func rollingHash(s string) uint64 {
	var h uint64
	for i := 0; i < len(s); i++ {
		h = h*rollBase + uint64(s[i])
	}
	return h
}
