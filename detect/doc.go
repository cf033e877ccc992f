// Package detect finds the language of short and long texts, alone or with the document
// around them as context, and the runs of other languages inside a text. It takes strings
// and returns language.Tag values, so any Go program can use it without the rest of bitext.
//
// Detection works in steps. The Unicode script decides or narrows first: Hebrew letters
// are Hebrew, Hangul is Korean, Cyrillic is one of eight languages, and a Latin acronym
// inside a Hebrew sentence does not change its language. Among the candidates of the
// script, lingua-go's n-gram models decide, scored the way lingua-go scores them: a cheap
// pass over every candidate's unigram and bigram models shortlists the plausible
// languages, trigrams settle most texts, and only a short text still in doubt reads the
// four- and five-gram models. Every language lingua-go knows (75) is a candidate by
// default.
//
// The models are bitext's own files, generated from lingua-go's and embedded in the
// binary: models/<iso>.lm, one per language, 34.6 MB in all (lingua-go's zip files are
// 128 MB). Each holds the counts behind lingua-go's probabilities as a trie in succinct
// structures, read in place (package detect/internal/ngram describes the format): nothing
// is unzipped, sorted or built when a process starts, New only checks each candidate's
// header, and a process's memory grows by the pages its lookups touch. A missing,
// truncated or corrupt model is an error from New, never an empty model. The
// probabilities are lingua-go's own, so detection answers as it did with lingua-go's
// files. To regenerate the models (after changing the format, or lingua-go's version in
// go.mod):
//
//	go generate ./detect      # runs detect/internal/genmodels; about 30 CPU-seconds
//
// The generator reads lingua-go's models from its module directory (go list -m), checks
// that every probability is exactly a ratio of the counts it stores, and writes
// models/*.lm, models/LICENSE (lingua-go's Apache-2.0 license, which covers the models)
// and languages_gen.go (the languages, the embedded files, lingua-go's table of letters
// few languages use). TestGeneratedUpToDate in detect/internal/genmodels fails when the
// committed files differ from what it writes.
//
// Last, a prior weighs the answer: the document's dominant language and the segment's
// neighbours, or, for a text on its own, how common each language is. A short English
// line ("live", "Comments", "Moran Azulay") in an English article stays English instead of
// becoming Danish, French or Azerbaijani; when the evidence is too weak the answer is und.
// Confidence is calibrated on testdata/langid (see cmd/detecteval): of the answers given
// with confidence 0.8, about 80% are right.
//
// Spans, SpansOf and DocumentSpans split a text into runs of one language with byte
// offsets: an English sentence quoting a Hebrew or Spanish phrase gives English, Hebrew
// (or Spanish), English. Same-script phrases are split only on strong evidence, so an
// ordinary sentence stays whole; quotation marks around a phrase count as part of that
// evidence, so a quoted phrase of two words can be split where an unquoted one cannot.
//
// Models are read-only data shared by every Detector in the process, and a Detector is
// safe for concurrent use.
package detect
