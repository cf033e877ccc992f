// Package diff compares two outputs of `bitext translate` (JSON or JSON Lines) segment by
// segment, the way a reviewer asks "what changed between these two runs, and why?".
//
// Segments are matched by document and stable segment ID (see doc.SegmentID), so a segment
// that moved keeps its identity and one whose text changed does not. A matched segment whose
// translation differs is a change; segments only in the old output are removed, only in the
// new one added, except that a removed and an added segment at the same place (after the
// same matched ID, or both at the start) are paired as one change of cause "source". The
// causes of a change come from the translations' provenance: "backend" and "model" when those
// differ, "translation" when only the text did. ("glossary" is part of the output contract
// but no output records a translation's glossary yet, so Compare cannot report it.)
//
// Run-dependent fields, such as whether a translation came from the cache or how many
// requests a run made, never count as a change: two runs of the same job compare equal.
package diff
