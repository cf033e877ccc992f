// Package tmx renders a document's translations as a TMX 1.4b translation memory (--format
// tmx), through the project's TMX codec (translate/tmx), so the memory can be fed to a CAT
// tool or back to bitext with --tm.
//
// One <tu> per segment occurrence whose translation came from a backend (origin mt), a
// translation memory (origin tm) or a reviewer (origin human, with who and when as the
// target variant's changeid and changedate); tuid is the segment ID, srclang the segment's
// language. Inline markup is TMX inline elements in both variants (<bpt>/<ept> for paired
// tags, <ph> for standalone ones, <it> for a tag whose other half lies outside the
// segment), never bitext's internal placeholders as text. The props x-bitext-digest (the
// target as written, doc.Digest) and x-bitext-context (the ID of the context it was sent
// with) are what `bitext apply` reads back.
// A document counterpart (origin document) is a loose equivalent the editors wrote, not a
// translation of the segment: it would teach a memory wrong pairs, so such segments get no
// <tu>; when a segment has both a translation and a counterpart, the counterpart is kept as
// the x-bitext-counterpart prop. Segments with no translation (origin none) are left out.
// The output is deterministic: no dates, and no run-dependent fields such as "cached".
package tmx
