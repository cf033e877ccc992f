// Package xliff renders a document as XLIFF 2.0 (--format xliff) for translators' tools.
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
//   - origin document: no <target> (the counterpart is the editors' loose equivalent, not a
//     translation), state="initial" subState="bitext:document";
//   - origin none: no <target>, state="initial" subState="bitext:none", the reason as a note.
//
// Notes (category "bitext:…") carry the backend and model, QA flags, the reason, and the
// counterpart text with its block.
//
// Languages: XLIFF 2.0 has one source language per document — srcLang on <xliff> — and
// xml:lang on <source> must equal it (the OASIS suite's bad_WrongSourceLang.xlf). srcLang is
// therefore the document's dominant foreign language (most occurrences; the first seen on a
// tie), and <source> carries no xml:lang. A segment in another foreign language (an Arabic
// quote in an article with Hebrew captions) is not dropped: its unit carries its real
// language in the extension attribute bitext:srcLang (namespace Namespace; XLIFF allows
// attributes of other namespaces on <unit>) and a note, so a tool can split the file by
// language. trgLang is the document's target language.
//
// Characters XML 1.0 cannot carry are written as <cp hex="…"/> in source and target (XLIFF's
// own mechanism), and as U+FFFD in notes, which take no markup.
package xliff
