// Package subtitle reads and writes back SubRip (.srt) and WebVTT (.vtt) subtitles, and holds
// what every subtitle format shares: the cue model (Cue, Line, Syntax), merged output (Merge)
// and the layout of translated cues that the fit check measures (Layouter). The ASS and TTML
// readers (packages ass and ttml) build the same *Cue.
//
// Every cue with text becomes a block of kind cue whose text is the cue's lines, one per
// line, with markup ("<i>", "<c.yellow>", "<v Roger>", "{\an8}", VTT timestamps) left out and
// entities decoded, so detection and translation see only words. Block.Native is the *Cue:
// its identifier, timing, settings, voice and lines; each Line keeps the markup at its edges
// and the tags inside its words. Tags inside a segment travel as inline placeholders
// (Cue.Markup, package inline) and come back in place. The pipeline's segment stage joins
// cues, so a sentence spread over several cues is one segment with Parts; it never runs on
// across a speaker turn, a sound description or another voice (Opens, Closes, Boundary).
//
// Merge writes the file back byte for byte, except the payload lines of cues that received
// translations: those are rewritten (replace) or get translation lines (bilingual). A sentence
// spanning cues has its translation split across exactly the cues its Parts name, in
// proportion to the length of each part, at word boundaries; a cue keeps its line count where
// the translation has words enough, and the tags that open and close each line; lines no
// translation touches are copied. In bilingual mode a translation line follows each group of
// a cue's lines of one language and one speaker, wrapped in the styling that holds over the
// group. Tags inside a rewritten line survive when the backend kept their placeholders;
// closing tags left without their opening tag are dropped, so the cue's tags pair up as well
// as they did. Input that is not UTF-8 is written back in its own encoding (format.Encode).
// With --out-dir, merged subtitles are named as players look for them (OutputName).
//
// Reading is lenient where players are (timestamps with "," or ".", one to three fraction
// digits, no hours; no blank line between SRT cues; LF, CRLF or CR line ends; blocks before
// the first WebVTT cue without a timing are skipped as the WebVTT parser does) and strict
// elsewhere: a block that is neither a cue nor a NOTE, STYLE or REGION block, or a bad
// timing, is a *ParseError naming the line.
package subtitle
