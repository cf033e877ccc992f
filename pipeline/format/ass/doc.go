// Package ass reads and writes back SubStation Alpha (.ssa, v4.00) and Advanced SubStation
// Alpha (.ass, v4.00+) subtitle scripts.
//
// A script is INI-like: [Script Info], then [V4 Styles] or [V4+ Styles], [Events] and other
// sections. In [Events], the Format line names the fields of each event line; the last,
// Text, may hold commas. Every Dialogue event with words becomes a block of kind cue whose
// Native is a *subtitle.Cue: its Start and End, its Style (as Settings) and its Name, the
// actor, as the cue's voice, so a sentence never runs on from one speaker's event into
// another's. The Text is cut into lines at "\N" (and "\n"); override blocks ("{\i1}",
// "{\pos(400,570)}") are inline markup: left out of the text detection and translation see,
// sent to backends as placeholders inside a segment and put back by merged output, kept at
// the edges of a line it rewrites, and copied onto a bilingual translation line. "\h" is a
// hard space; drawing commands ({\p1} … {\p0}) are markup, not words.
//
// Merged output is the script byte for byte except the Text of events that received
// translations (see package subtitle): styles, timing, margins, effects and every other line
// stay as they are. Reading is lenient where players are (a missing Format line means ASS's
// default; unknown lines and sections are ignored; one to three fraction digits) and strict
// where bitext would write: a script that does not open with [Script Info], a Dialogue line
// with fewer fields than its Format names, or a malformed time is a *subtitle.ParseError
// naming the line.
package ass
