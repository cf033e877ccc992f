// Package inline is the placeholder form in which a segment's inline markup (HTML <a>, <em>,
// <br>…) travels to a translation backend and back. A reader replaces each inline tag inside a
// segment by an opaque, numbered placeholder; the backend translates the text around them (as
// HTML, so it keeps tags); Check verifies that every placeholder came back exactly once and
// still nests, and the reader puts its own original tag bytes back in place of each one. A
// backend therefore can never drop, invent or unbalance a tag.
//
// The placeholders follow XLIFF 1.2's inline elements, which machine-translation services keep:
//
//	<g id="1">…</g>   an element opened and closed inside the segment (its content is translated)
//	<x id="2"/>       a void element (<br>, <img>)
//	<bx id="3"/>      an element opened inside the segment and closed after it
//	<ex id="4"/>      an element closed inside the segment and opened before it
//
// Text between placeholders is HTML-escaped (&amp; &lt; &gt;).
package inline
