package middleware

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"

	"github.com/seed77ff/bitext/cache"
	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/cachekey"
	"github.com/seed77ff/bitext/translate/tmx"
)

// TMBackend is the backend name under which imported translation memories are stored:
// approved translations that the translation-memory step reads before any backend.
const TMBackend = "tm"

// Props of exported units, so that an export imports back without loss.
const (
	propBackend = "x-bitext-backend"
	propModel   = "x-bitext-model"
	propFormat  = "x-bitext-format"
)

// EntryReader is what Export needs of a store.
type EntryReader interface {
	Each(ctx context.Context, fn func(cache.Record) error) error
}

// ExportOptions set the header of an exported memory.
type ExportOptions struct {
	// Version goes into creationtoolversion.
	Version string
	// Now dates the header; zero means time.Now.
	Now time.Time
}

// ExportTMX writes every translation in the cache as a TMX 1.4b memory any CAT tool can
// read: one unit per entry with the source and target variants, ordered by a unit ID made
// from the backend, model, languages and source text, so that an export imported into
// another cache and exported again gives the same file. It returns the number of units.
func ExportTMX(ctx context.Context, store EntryReader, w io.Writer, o ExportOptions) (int, error) {
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	var units []tmx.Unit
	err := store.Each(ctx, func(r cache.Record) error {
		var v CachedValue
		if err := json.Unmarshal(r.Value, &v); err != nil || v.Orig == "" {
			// Entries written before the source text was stored cannot be exported.
			return nil
		}
		backend := v.Backend
		if backend == "" {
			backend = r.Backend
		}
		created := time.Unix(v.Created, 0).UTC()
		if v.Created == 0 {
			created = r.Created.UTC()
		}
		u := tmx.Unit{
			TUID:    unitID(backend, v.Model, r.Source, r.Target, v.Orig),
			SrcLang: r.Source,
			Attrs:   tmx.Attrs{CreationDate: created, CreationTool: "bitext"},
			Props:   []tmx.Prop{{Type: propBackend, Value: backend}},
			Variants: []tmx.Variant{
				{Lang: r.Source, Seg: tmx.Escape(v.Orig)},
				{Lang: r.Target, Seg: tmx.Escape(v.Text)},
			},
		}
		if v.Model != "" {
			u.Props = append(u.Props, tmx.Prop{Type: propModel, Value: v.Model})
		}
		if v.Format != "" && v.Format != string(translate.Text) {
			u.Props = append(u.Props, tmx.Prop{Type: propFormat, Value: v.Format})
		}
		units = append(units, u)
		return nil
	})
	if err != nil {
		return 0, err
	}
	sort.SliceStable(units, func(i, j int) bool { return units[i].TUID < units[j].TUID })
	f := &tmx.File{Header: tmx.Header{
		CreationTool: "bitext", CreationToolVersion: o.Version, SegType: "sentence", OTMF: "bitext-cache",
		AdminLang: "en", SrcLang: "*all*", DataType: "plaintext", CreationDate: o.Now.UTC().Truncate(time.Second),
	}, Units: units}
	if err := tmx.Write(w, f); err != nil {
		return 0, err
	}
	return len(units), nil
}

func unitID(backend, model, src, tgt, orig string) string {
	h := sha256.New()
	for _, f := range []string{backend, model, src, tgt, orig} {
		h.Write([]byte(strconv.Itoa(len(f)) + ":" + f))
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// ImportTMX stores the units of a TMX memory as approved translations under TMBackend,
// one entry per (source variant, other variant) pair, so that the translation-memory
// step finds them before any backend. The source variant is the unit's srclang, else
// the header's (unless "*all*"), else the first variant. It returns the number of entries.
func ImportTMX(ctx context.Context, store CacheStore, r io.Reader, now time.Time) (int, error) {
	f, err := tmx.Read(r)
	if err != nil {
		return 0, err
	}
	if now.IsZero() {
		now = time.Now()
	}
	var entries []cache.Entry
	for i, u := range f.Units {
		src := u.SrcLang
		if src == "" && f.Header.SrcLang != "*all*" {
			src = f.Header.SrcLang
		}
		sv, ok := u.Variant(src)
		if !ok {
			if len(u.Variants) == 0 {
				continue
			}
			sv = &u.Variants[0]
		}
		srcTag, err := language.Parse(sv.Lang)
		if err != nil {
			return 0, fmt.Errorf("import tmx: unit %d: language %q: %w", i+1, sv.Lang, err)
		}
		orig, err := tmx.Text(sv.Seg)
		if err != nil {
			return 0, fmt.Errorf("import tmx: unit %d: %w", i+1, err)
		}
		backend, _ := u.Prop(propBackend)
		if backend == "" {
			backend = TMBackend
		}
		model, _ := u.Prop(propModel)
		created := u.CreationDate
		if created.IsZero() {
			created = now
		}
		for j := range u.Variants {
			tv := &u.Variants[j]
			if tv == sv || tv.Lang == sv.Lang {
				continue
			}
			tgtTag, err := language.Parse(tv.Lang)
			if err != nil {
				return 0, fmt.Errorf("import tmx: unit %d: language %q: %w", i+1, tv.Lang, err)
			}
			text, err := tmx.Text(tv.Seg)
			if err != nil {
				return 0, fmt.Errorf("import tmx: unit %d: %w", i+1, err)
			}
			req := &translate.Request{Source: srcTag, Target: tgtTag, Format: translate.Text}
			key := cachekey.Key(TMBackend, req, orig)
			v, _ := json.Marshal(CachedValue{Text: text, Source: srcTag.String(), Backend: backend, Model: model,
				Created: created.Unix(), Orig: norm.NFC.String(orig), Format: string(translate.Text), Key: hex.EncodeToString(key)})
			entries = append(entries, cache.Entry{Key: key, Value: v,
				Backend: TMBackend, Source: srcTag.String(), Target: tgtTag.String()})
		}
	}
	if err := store.PutMany(ctx, entries); err != nil {
		return 0, fmt.Errorf("import tmx: %w", err)
	}
	return len(entries), nil
}
