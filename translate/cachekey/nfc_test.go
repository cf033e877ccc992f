package cachekey

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"golang.org/x/text/unicode/norm"
)

// TestNFCFastPath: every rune the fast path passes through is its own NFC form, so text
// made only of them is NFC (nothing can compose with a rune that is not a combining mark).
func TestNFCFastPath(t *testing.T) {
	for r := rune(0); r < 0x10000; r++ {
		s := string(r)
		if NFC(s) == s && !norm.NFC.IsNormalString(s) {
			t.Errorf("U+%04X passes the fast path but is not NFC", r)
		}
	}
	for _, s := range []string{"e\u0301", "\u2000", "שָׁלוֹם", "Å", "ﬀ"} {
		assert.Equal(t, norm.NFC.String(s), NFC(s), "%q", s)
	}
}
