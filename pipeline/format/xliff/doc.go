// Package xliff renders a document as XLIFF 2.0 (--format xliff) and XLIFF 1.2 (--format
// xliff12, Write12) for translators' tools, and reads both back (Read) for `bitext apply`.
//
// Layout: one <xliff> with one <file> per document (id "f1", original = the document's
// source name). Each foreign segment occurrence (language known and not the target) is a
// <unit> whose id is the segment ID (16 hex digits, a valid NMTOKEN, stable across runs),
// with type "bitext:<block kind>" and one <segment>. Segments in the target language or
// und are not written: they need no translation, and leaving them out changes no other
// unit's id. A document with no foreign segment gets one empty <group id="empty"> with a
// note, because XLIFF requires every <file> to hold a unit or a group.
//
// Targets and states (design §3):
//   - origin mt: <target>, state="translated" subState="bitext:mt";
//   - origin tm: <target>, state="translated" subState="bitext:tm";
//   - origin human (a reviewer's, `bitext apply`): <target>, state="final"
//     subState="bitext:human", who and when in the provenance note;
//   - origin document: no <target> (the counterpart is the editors' loose equivalent, not a
//     translation), state="initial" subState="bitext:document";
//   - origin none: no <target>, state="initial" subState="bitext:none", the reason as a note.
//
// Notes (category "bitext:…") carry the backend and model, QA flags, the reason, and the
// counterpart text with its block. Each unit with a translation carries, as extension
// attributes, bitext:digest (doc.Digest of the target as written: a reviewer's edit no longer
// matches it) and bitext:context (the ID of the context the text was sent with), what
// `bitext apply` needs to take the edit back under the key the run used.
//
// Inline markup: a segment with inline tags (HTML, Markdown emphasis and links) has them as
// XLIFF inline codes in <source>, and in <target> when the backend kept them: a paired
// element as <pc id="N">…</pc>, a standalone one (<br>, an image) as <ph id="N"/>, one that
// opens or closes outside the segment as an isolated <sc>/<ec>. Never bitext's internal
// placeholders as text.
//
// Languages: XLIFF 2.0 has one source language per document — srcLang on <xliff> — and
// xml:lang on <source> must equal it (the OASIS suite's bad_WrongSourceLang.xlf). Write
// therefore writes the units of the document's dominant foreign language (most occurrences;
// the first seen on a tie), and Extra the documents of its other source languages, which the
// CLI writes beside the main output as <name>.<src>-<target>.xlf (an Arabic quote in an
// article with Hebrew captions: name.xlf holds the Hebrew units, name.ar-en.xlf the Arabic
// one). XLIFF 1.2 gives each <file> its own source-language, so Write12 writes one <file>
// per source language in one document. trgLang is the document's target language.
//
// Characters XML 1.0 cannot carry are written as <cp hex="…"/> in source and target (XLIFF's
// own mechanism), and as U+FFFD in notes, which take no markup, and in XLIFF 1.2, which has
// no <cp>.
package xliff
