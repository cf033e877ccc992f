// Package glossary reads bitext glossaries (--glossary FILE): term lists that say how a
// source term must be translated, in TSV or CSV.
//
// The file format, decided here and documented in the README:
//
//   - UTF-8 (a BOM is skipped), one entry per line: source term, then target term. Lines end
//     in \n or \r\n.
//   - Separator: a file named *.tsv is tab-separated and *.csv comma-separated (RFC 4180
//     quoting on one line: "Smith, John",Smith); any other name is tab-separated when its
//     first entry line holds a tab, else comma-separated.
//   - Blank lines and lines whose first non-blank character is # are comments. A # elsewhere
//     is text (C# is a term).
//   - An optional header: when the first non-comment line's two fields are language tags
//     (he<TAB>en, pt-BR,en-US) the glossary is for that pair only; when they are the words
//     source and target it is a plain header. Without a header the glossary applies to every
//     pair the job translates.
//   - Each entry has exactly two fields; terms are NFC-normalized, trimmed and their inner
//     whitespace collapsed; neither may be empty, hold a tab or a control character, or
//     exceed 1,024 bytes (DeepL's limit on a glossary term); a source term may not be listed
//     twice. Every error names the file and the line.
//
// Digest is a stable identity of the terms and languages (not of comments, order or
// spacing): pipeline requests carry it as translate.Request.GlossaryID, so the translation
// cache, whose key includes it, never serves an answer made under another glossary.
//
// Matches decides whether a term occurs in a text — whole words, case-insensitive, after
// NFC and whitespace folding; scripts written without spaces (Han, kana, Thai…) match
// anywhere — so that only the terms of a batch travel in an LLM prompt and QA can check
// that a target term made it into a translation. Matching and Missing find a glossary's terms
// in a text with a Matcher, an Aho–Corasick automaton built once per term list: their cost is
// the length of the text, whatever the number of terms.
package glossary
