// Package detect finds the language of short and long texts, alone or with the document
// around them as context, and the runs of other languages inside a text. It takes strings
// and returns language.Tag values, so any Go program can use it without the rest of bitext.
//
// Detection works in steps. The Unicode script decides or narrows first: Hebrew letters
// are Hebrew, Hangul is Korean, Cyrillic is one of eight languages, and a Latin acronym
// inside a Hebrew sentence does not change its language. Among the candidates of the
// script, lingua-go's n-gram models decide, scored the way lingua-go scores them but held
// in a compact form (sorted 32-bit hashes and 16-bit log probabilities, 6 bytes an n-gram
// instead of a Go map entry) and loaded per language and n-gram order only when a text
// needs them: a cheap pass over every candidate's unigram and bigram models shortlists
// the plausible languages, trigrams settle most texts, and only a short text still in
// doubt loads four- and five-gram models. Every language lingua-go knows (75) is a
// candidate by default, at a fraction of lingua-go's memory and start-up time.
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
// Models are shared by every Detector in the process, and a Detector is safe for
// concurrent use.
package detect
