// Package cachekey derives the cache key of a translation: the one derivation the cache
// middleware, the dry run's estimate and the translation-memory step share, so that what an
// estimate counts as cached is what a run then finds.
package cachekey

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"strconv"

	"golang.org/x/text/unicode/norm"

	"github.com/seed77ff/bitext/translate"
)

// Version is the first field of every cache key. Change it whenever the key derivation or
// the value encoding changes: old entries then simply stop matching.
const Version = "bitext-cache-v1"

// Key is the cache key of text translated by the backend whose cache namespace is
// namespace (translate.Backend.CacheName) with the settings of req (req.Texts is ignored).
// It is the SHA-256 of these fields, each preceded by its length as a big-endian uint64 so
// that no two field lists collide:
//
//	Version, namespace, req.Model, req.Source, req.Target (BCP 47),
//	req.Format (empty counts as "text"), req.GlossaryID, SHA-256(req.Context),
//	"max-chars:" and req.MaxChars when it is positive,
//	and text in Unicode normalization form NFC.
//
// Nothing else goes in: no credentials, no endpoint.
func Key(namespace string, req *translate.Request, text string) []byte {
	return New(namespace, req).Key(text)
}

// Keys returns the keys of texts under the settings of req: Key for each, with the fields
// they share hashed once.
func Keys(namespace string, req *translate.Request, texts []string) [][]byte {
	k := New(namespace, req)
	out := make([][]byte, len(texts))
	for i, t := range texts {
		out[i] = k.Key(t)
	}
	return out
}

// Keyer holds the request-wide part of a key, so that a batch encodes it once.
type Keyer struct{ prefix []byte }

// New returns the Keyer of the requests like req to the namespace's backend.
func New(namespace string, req *translate.Request) Keyer {
	format := req.Format
	if format == "" {
		format = translate.Text
	}
	ctxSum := sha256.Sum256([]byte(req.Context))
	var p []byte
	for _, f := range []string{
		Version, namespace, req.Model, req.Source.String(), req.Target.String(),
		string(format), req.GlossaryID, string(ctxSum[:]),
	} {
		p = appendField(p, f)
	}
	if req.MaxChars > 0 {
		// Only then, so every key made before MaxChars existed still matches.
		p = appendField(p, "max-chars:"+strconv.Itoa(req.MaxChars))
	}
	return Keyer{prefix: p}
}

// Key is the key of text.
func (k Keyer) Key(text string) []byte {
	h := sha256.New()
	h.Write(k.prefix)
	writeField(h, NFC(text))
	return h.Sum(nil)
}

// NFC returns s in normalization form NFC. Most text bitext sees is made only of
// characters that are NFC whatever follows them, as long as no combining mark does:
// below U+0300, and Hebrew and Arabic letters without points. Such text is returned as it
// is after a range check, which costs a fraction of the normalizer's own quick check (a
// fifth of a cache lookup's time, measured).
func NFC(s string) string {
	for _, r := range s {
		if r < 0x300 || r >= 0x5D0 && r <= 0x5EA || r >= 0x621 && r <= 0x64A || r >= 0x2002 && r <= 0x206F { // not U+2000, U+2001: NFC maps them to U+2002, U+2003
			continue
		}
		return norm.NFC.String(s)
	}
	return s
}

// ContextID is the short form of a request context that outputs record and approved
// translations are keyed by: the first 16 hex digits of its SHA-256, "" for no context.
func ContextID(context string) string {
	if context == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(context))
	return hex.EncodeToString(sum[:8])
}

func appendField(b []byte, f string) []byte {
	b = binary.BigEndian.AppendUint64(b, uint64(len(f)))
	return append(b, f...)
}

func writeField(h hash.Hash, f string) {
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], uint64(len(f)))
	h.Write(n[:])
	h.Write([]byte(f))
}
