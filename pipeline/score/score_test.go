package score

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format/jsondoc"
)

func output(target string, segs ...jsondoc.Segment) *jsondoc.File {
	return &jsondoc.File{Schema: jsondoc.Schema, Target: target, Blocks: []jsondoc.Block{{Segments: segs}}}
}

func seg(lang, text, origin, backend, model, tr string) jsondoc.Segment {
	return jsondoc.Segment{Lang: lang, Text: text, Translation: &jsondoc.Translation{Text: tr, Origin: doc.Origin(origin), Backend: backend, Model: model}}
}

// TestScoreGroups: per backend, model and pair; a reviewer's translations as "human"; the
// counterparts apart; segments without a reference counted; references found by base
// language and normalized text, or given without languages.
func TestScoreGroups(t *testing.T) {
	refs, err := ReadReferences("refs.jsonl", []byte(
		`{"source":"שלום  עולם","reference":"Hello world","source_lang":"he","target_lang":"en-US"}`+"\n"+
			`{"source":"hola","reference":"hello"}`+"\n"))
	require.NoError(t, err)
	assert.Equal(t, 2, refs.Len())
	rep := Score(refs, []*jsondoc.File{output("en",
		seg("he", "שלום עולם", "mt", "google", "nmt", "Hello world"),
		seg("he", "שלום עולם", "mt", "deepl", "", "Hello, world"),
		seg("he", "שלום עולם", "human", "", "", "Hello world"),
		seg("he", "שלום עולם", "document", "", "", "Greetings to all"),
		seg("es", "hola", "mt", "google", "nmt", "hello"),
		seg("he", "בלי מקור", "mt", "google", "nmt", "No reference"),
		seg("he", "נכשל", "none", "google", "", ""),
	)})
	var got []string
	for _, g := range rep.Groups {
		got = append(got, g.Backend+"/"+g.Model+"/"+g.Source+"-"+g.Target)
	}
	assert.Equal(t, []string{"deepl//he-en", "google/nmt/es-en", "google/nmt/he-en", "human//he-en", "document//he-en"}, got)
	assert.InDelta(t, 100, rep.Groups[2].ChrF, 1e-9)
	assert.Less(t, rep.Groups[0].ChrF, 100.0)
	assert.True(t, rep.Groups[4].Counterparts)
	assert.Equal(t, 1, rep.Unmatched)
}

func TestReadReferencesErrors(t *testing.T) {
	_, err := ReadReferences("r.tmx", []byte("<tmx><body><tu>"))
	assert.ErrorContains(t, err, "r.tmx")
	_, err = ReadReferences("r.jsonl", []byte(`{"source":"a","reference":"b"}`+"\n{bad\n"))
	assert.ErrorContains(t, err, "line 2")
	_, err = ReadReferences("r.json", []byte("not json"))
	assert.ErrorContains(t, err, "r.json")
}

// FuzzReadReferences: a reference file is read or refused with an error, never a panic.
func FuzzReadReferences(f *testing.F) {
	f.Add([]byte(`{"source":"שלום","reference":"Hello","source_lang":"he","target_lang":"en"}` + "\n"))
	f.Add([]byte(`<?xml version="1.0"?><tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="he" datatype="plaintext"/><body><tu><tuv xml:lang="he"><seg>א</seg></tuv><tuv xml:lang="en"><seg>a</seg></tuv></tu></body></tmx>`))
	f.Add([]byte(`{"file":"a","block":0,"kind":"caption","id":"1111111111111111","text":"א","lang":"he","target":"en","confidence":1,"translation":{"text":"a","origin":"human","reason":null,"qa":[],"digest":"0000000000000000"},"counterpart":null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		refs, err := ReadReferences("fuzz", data)
		if err != nil {
			return
		}
		_ = Score(refs, nil)
	})
}
