// Package ttml reads and writes back TTML subtitles (Timed Text Markup Language 1 and 2, the
// IMSC and SMPTE-TT profiles, and DFXP, .ttml or .dfxp).
//
// Every <p> inside <body> with words becomes a block of kind cue whose Native is a
// *subtitle.Cue. Its timing is the <p>'s begin, end and dur resolved against its ancestors'
// (begin and end count from the parent's begin, as TTML's default parallel time containers
// say; dur from the element's own begin), with clock times (00:00:01.500, or 00:00:01:12 in
// frames at ttp:frameRate times ttp:frameRateMultiplier) and offset times (1.5s, 1500ms, 36f,
// 90000t at ttp:tickRate). Its xml:id is the cue's ID, its region the cue's track (a sentence
// does not run on from one region into another) and its ttm:agent its voice. The content is
// cut into lines at <br/> elements, at any depth; <span> and the other elements inside are
// inline markup with their attributes (styling, timing), left out of the text detection and
// translation see, sent as placeholders, kept at the edges of a line a translation replaces
// and wrapped around a bilingual translation line; <metadata> inside a <p> is not words.
//
// Merged output is the document byte for byte except the content of the <p> elements that
// received translations (see package subtitle): the head, styles, regions, timing and every
// attribute stay as they are; bilingual lines follow their source lines after a <br/> of the
// document's own prefix. A document that is not well-formed XML, whose root is not <tt>, or
// that holds a malformed time expression is a *subtitle.ParseError naming the line.
package ttml
