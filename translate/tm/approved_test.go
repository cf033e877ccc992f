package tm

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/cache"
	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/cachekey"
	"github.com/seed77ff/bitext/translate/middleware"
)

// The two captions of the Ynetnews example, the second in both of the forms the article
// prints it (a hyphen and a space before the last name).
const (
	strike   = "תקיפה ליד מסגד אל-מחטה בשכונת אל-תופאח, מזרחית לעיר עזה"
	hostages = "עידן אלכסנדר, עומר נאוטרה, איתי חן, גדי חגי, ג'ודי ווינשטיין חגי"
	hyphen   = "עידן אלכסנדר, עומר נאוטרה, איתי חן, גדי חגי, ג'ודי ווינשטיין-חגי"
)

func openStore(t *testing.T) *cache.Store {
	t.Helper()
	s, err := cache.Open(t.TempDir())
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// TestApproved: an approval answers its text before the files do, in its own context and
// (through its context-free copy) in any other, with who and when; it serves en-GB as well;
// and an edited source gets it as a fuzzy match of origin "approved", not as an approval.
func TestApproved(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	at := time.Date(2026, 5, 1, 9, 30, 0, 0, time.UTC)
	article := cachekey.ContextID("Hostages\nThe lead")
	require.NoError(t, Approve(ctx, s, []Approval{
		{Source: language.Hebrew, Target: language.AmericanEnglish, Context: article, Text: "  " + strike + " ",
			Translation: "Strike near al-Mahatta mosque, east of Gaza City", By: "dana", At: at},
		{Source: language.Hebrew, Target: language.English, Text: hostages, Translation: "Hostages, from top left"},
	}, time.Date(2026, 5, 2, 0, 0, 0, 0, time.UTC)))

	m, err := New(Options{Files: []string{captions}, Store: s})
	require.NoError(t, err)
	lookup := func(context string, target language.Tag, texts ...string) []translate.Match {
		res, err := m.LookupRequest(ctx, &translate.Request{Source: language.Hebrew, Target: target, Context: context, Texts: texts})
		require.NoError(t, err)
		require.Len(t, res, len(texts))
		return res
	}

	res := lookup("Hostages\nThe lead", language.English, strike, hostages)
	assert.Equal(t, translate.Match{Found: true, Text: "Strike near al-Mahatta mosque, east of Gaza City", Score: 1,
		Origin: ApprovedNamespace, Approved: true, By: "dana", At: at}, res[0], "before the file's translation")
	assert.True(t, res[1].Approved)
	assert.Equal(t, "Hostages, from top left", res[1].Text)
	assert.Equal(t, time.Date(2026, 5, 2, 0, 0, 0, 0, time.UTC), res[1].At, "no date in the file: the time it was applied")

	res = lookup("", language.BritishEnglish, strike)
	assert.True(t, res[0].Approved, "a backend without context, into en-GB, finds it too")
	assert.Equal(t, "dana", res[0].By)

	res = lookup("", language.English, hyphen)
	assert.False(t, res[0].Approved, "another text is no approval")
	assert.True(t, res[0].Found)
	assert.Less(t, res[0].Score, 1.0)
	assert.Equal(t, ApprovedNamespace, res[0].Origin, "the approval beats the file's fuzzy match, equally close")
	assert.Equal(t, "Hostages, from top left", res[0].Text)

	res = lookup("", language.German, strike)
	assert.False(t, res[0].Found, "another target language")
}

func TestApproveRejects(t *testing.T) {
	s := openStore(t)
	for _, a := range []Approval{
		{Source: language.Hebrew, Target: language.English, Text: " ", Translation: "x"},
		{Source: language.Hebrew, Target: language.English, Text: "x", Translation: ""},
		{Target: language.English, Text: "x", Translation: "y"},
	} {
		assert.Error(t, Approve(context.Background(), s, []Approval{a}, time.Time{}))
	}
	assert.Error(t, Approve(context.Background(), nil, nil, time.Time{}))
}

// TestImportedLikeFiles is the measurement: the captions memory, whose first unit
// is into en-US, answers the article's four caption occurrences through --tm; imported into
// the cache it answered one (the en-US unit was not found for en, and imported entries gave
// no fuzzy match). Imported, it now answers all four as the file does.
func TestImportedLikeFiles(t *testing.T) {
	ctx := context.Background()
	occurrences := []string{strike, hostages, strike, hyphen}
	count := func(m *Memory) (found, fuzzy int) {
		res, err := m.Lookup(ctx, language.Hebrew, language.English, occurrences)
		require.NoError(t, err)
		for _, r := range res {
			if r.Found {
				found++
				if r.Score < 1 {
					fuzzy++
				}
			}
		}
		return found, fuzzy
	}
	files, err := New(Options{Files: []string{captions}})
	require.NoError(t, err)
	found, fuzzy := count(files)
	assert.Equal(t, 4, found, "--tm")
	assert.Equal(t, 1, fuzzy)

	s := openStore(t)
	f, err := os.Open(captions)
	require.NoError(t, err)
	defer f.Close()
	_, err = middleware.ImportTMX(ctx, s, f, time.Time{})
	require.NoError(t, err)
	imported, err := New(Options{Store: s})
	require.NoError(t, err)
	found, fuzzy = count(imported)
	assert.Equal(t, 4, found, "imported")
	assert.Equal(t, 1, fuzzy)
}

// onlyGetPut is a store with no way to list its entries: exact matches only.
type onlyGetPut struct{ s *cache.Store }

func (o onlyGetPut) GetMany(ctx context.Context, keys [][]byte) (map[string][]byte, error) {
	return o.s.GetMany(ctx, keys)
}
func (o onlyGetPut) PutMany(ctx context.Context, e []cache.Entry) error { return o.s.PutMany(ctx, e) }

// eachOnly is a store that lists all its entries but not by backend.
type eachOnly struct{ onlyGetPut }

func (e eachOnly) Each(ctx context.Context, fn func(cache.Record) error) error {
	return e.s.Each(ctx, fn)
}

func TestStoresWithoutListing(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	require.NoError(t, Approve(ctx, s, []Approval{{Source: language.Hebrew, Target: language.English, Text: hostages, Translation: "Hostages"}}, time.Time{}))
	for name, tt := range map[string]struct {
		store middleware.CacheStore
		fuzzy bool
	}{"get and put only": {onlyGetPut{s}, false}, "each": {eachOnly{onlyGetPut{s}}, true}, "cache.Store": {s, true}} {
		t.Run(name, func(t *testing.T) {
			m, err := New(Options{Store: tt.store})
			require.NoError(t, err)
			res, err := m.Lookup(ctx, language.Hebrew, language.English, []string{hostages, hyphen})
			require.NoError(t, err)
			assert.True(t, res[0].Approved, "exact matches need only GetMany")
			assert.Equal(t, tt.fuzzy, res[1].Found)
		})
	}
}
