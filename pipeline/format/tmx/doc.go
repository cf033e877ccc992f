// Package tmx renders a document's translations as a TMX 1.4b translation memory (--format
// tmx), through the project's TMX codec (translate/tmx), so the memory can be fed to a CAT
// tool or back to bitext with --tm.
//
// One <tu> per segment occurrence whose translation came from a backend (origin mt) or a
// translation memory (origin tm); tuid is the segment ID, srclang the segment's language.
// A document counterpart (origin document) is a loose equivalent the editors wrote, not a
// translation of the segment: it would teach a memory wrong pairs, so such segments get no
// <tu>; when a segment has both a translation and a counterpart, the counterpart is kept as
// the x-bitext-counterpart prop. Segments with no translation (origin none) are left out.
// The output is deterministic: no dates, and no run-dependent fields such as "cached".
package tmx
