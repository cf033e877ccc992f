// Package review renders the HTML review page (--format html): one self-contained page per
// document, with inline CSS and no JavaScript, showing the document in reading order in two
// columns — each block's text on the left, and on the right the translation or counterpart
// of every foreign segment in it, with provenance badges (origin mt/tm/document/none, the
// backend and model, cached, QA flags, the reason a segment was left untranslated).
//
// Right-to-left text: every segment is a <bdi> with its lang and dir="auto", so a Hebrew or
// Arabic caption reads right to left and an inline Hebrew run inside an English sentence is
// isolated without reordering the English around it (the subtitle-translator issue 62
// failure: question marks at the wrong end). The source cell's own dir is computed here
// from its first strong character, because the browser's dir="auto" skips <bdi> children;
// without it a Hebrew caption would sit at the left edge of an ltr cell. A test opens the
// example article's page in headless Chromium and checks the computed direction.
//
// Safety: every text goes through html/template; the page declares a Content-Security-Policy
// that allows no script at all, as a second wall. Bidi control characters (embeddings,
// overrides, isolates, marks) and other invisible control characters are not passed
// through: each is shown as a visible marker such as ⟨U+202E RLO⟩, so a reviewer cannot be
// fooled by text that displays differently from what it contains (the "Trojan Source"
// trick).
//
// Anchors: each segment's element has id "s-<segment ID>" and each block's row
// "b-<index>", so a link such as page.html#s-3f0c9a1e52b7d804 points at one segment; the
// IDs are stable across runs.
package review
