// Package review renders the HTML review page (--format html): one self-contained page per
// document, showing the document in reading order in two columns — each block's text on the
// left, and on the right the translation or counterpart of every foreign segment in it, with
// provenance badges (origin mt/tm/human/document/none, the backend and model, QA flags, the
// reason a segment was left untranslated) — and, for a batch written to a directory, an
// index page (WriteIndex, index.html) linking every document's page with what its run
// translated. A subtitle cue's row shows its timecode.
//
// The header says what was translated (Summary): "From Hebrew (4 segments) into English: 4
// of 42 segments to translate, 4 translated (the document's own 4)."
//
// Review: each foreign sentence and its translation light up together when the pointer is
// over either or either has the keyboard focus (both are focusable). Each translation can be
// edited in place (Edit); "Export edits" writes the edited translations, and only those, as
// JSON Lines that `bitext apply` reads — each line the segment as --format jsonl has it, with
// the digest of the translation as bitext wrote it, the reviewer's name and the time — both
// as a download and in a box on the page. Without script the page reads as before, with no
// editor.
//
// Right-to-left text: every segment is a <bdi> with its lang and dir="auto", so a Hebrew or
// Arabic caption reads right to left and an inline Hebrew run inside an English sentence is
// isolated without reordering the English around it (the subtitle-translator issue 62
// failure: question marks at the wrong end). The source cell's own dir is computed here
// from its first strong character, because the browser's dir="auto" skips <bdi> children;
// without it a Hebrew caption would sit at the left edge of an ltr cell. A test opens the
// example article's page in headless Chromium and checks the computed direction.
//
// Safety: every text goes through html/template (the editors' attributes and text through
// escape, which writes invisible characters as references); the page's only script is its
// own (review.js), and its Content-Security-Policy allows that script and the page's style
// by their SHA-256 and nothing else — no other script, inline handler or style, no loads, no
// connections, no form submission — as a second wall. Bidi control characters (embeddings,
// overrides, isolates, marks) and other invisible control characters are not passed through:
// each is shown as a visible marker such as ⟨U+202E RLO⟩, so a reviewer cannot be fooled by
// text that displays differently from what it contains (the "Trojan Source" trick). Chromium
// tests check that nothing injected through a caption runs, and that an inline handler or
// script added at run time does not either.
//
// Anchors: each segment's element has id "s-<segment ID>" and each block's row
// "b-<index>", so a link such as page.html#s-3f0c9a1e52b7d804 points at one segment; the
// IDs are stable across runs.
package review
