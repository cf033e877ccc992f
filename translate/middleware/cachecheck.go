package middleware

import (
	"context"
	"encoding/hex"
	"encoding/json"

	"github.com/seed77ff/bitext/cache"
)

// EntryReport is what CheckEntries found in a cache's entries.
type EntryReport struct {
	// Entries counts every entry read.
	Entries int
	// Undecodable are values that are not a CachedValue; Misplaced are values whose stored
	// key is not the row's (a row swapped or copied); NoSource are values without the source
	// text, which Cache cannot verify. All three are misses on every lookup.
	Undecodable, Misplaced, NoSource int
}

// Bad returns the number of entries that can never be served.
func (r EntryReport) Bad() int { return r.Undecodable + r.Misplaced + r.NoSource }

// CheckEntries reads every entry of store and counts those Cache would refuse (see
// CachedValue.Verify) without knowing the request: values that do not decode, that hold
// another key's value, or that lack their source text.
func CheckEntries(ctx context.Context, store interface {
	Each(ctx context.Context, fn func(cache.Record) error) error
}) (EntryReport, error) {
	var r EntryReport
	err := store.Each(ctx, func(rec cache.Record) error {
		r.Entries++
		var v CachedValue
		switch {
		case json.Unmarshal(rec.Value, &v) != nil:
			r.Undecodable++
		case v.Key != "" && v.Key != hex.EncodeToString(rec.Key):
			r.Misplaced++
		case v.Orig == "":
			r.NoSource++
		}
		return nil
	})
	return r, err
}
