// Package tmx reads and writes TMX 1.4b translation memories (the LISA/GALA Translation
// Memory eXchange format). It is the one TMX codec of the project: the TMX renderer, the
// cache's export/import and the translation-memory backend all use it, so it depends only on
// the standard library and golang.org/x/text, never on pipeline types.
//
// Read accepts UTF-8 (with or without a BOM), UTF-16 with a BOM (Okapi's samples are UTF-16LE)
// and any other encoding an XML declaration names from the IANA registry. It keeps inline
// markup inside <seg> (bpt, ept, it, ph, hi, ut, sub) losslessly as canonical XML in
// Variant.Seg; Text gives the plain text of a seg and Escape builds a seg from plain text.
// Write always writes UTF-8 TMX 1.4b, and a file read and written again is written
// identically (Write∘Read is a fixed point after the first pass).
//
// Read drops what it does not model: <ude> header elements, o-encoding on props and notes,
// and attributes outside TMX 1.4b. It rejects files that are not TMX (another root element,
// no header or body, a tuv without a language or seg, elements TMX does not allow inside
// seg, malformed dates or counts) with an error naming the unit.
package tmx
