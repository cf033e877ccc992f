// Package subtitle reads and writes back SubRip (.srt) and WebVTT (.vtt) subtitles.
//
// Every cue with text becomes a block of kind cue whose text is the cue's lines, one per
// line, with styling tags ("<i>", "<c.yellow>", "{\an8}", VTT timestamps) left out and
// entities decoded, so detection and translation see only words. Block.Native is the *Cue:
// its identifier, timing and settings. The pipeline's segment stage joins cues, so a
// sentence spread over several cues is one segment with Parts.
//
// Merge writes the file back byte for byte, except the payload lines of cues that received
// translations: those are rewritten (replace) or get one more line (bilingual). A sentence
// spanning cues has its translation split across those cues in proportion to the length of
// each part, at word boundaries; a cue keeps its line count where the translation has words
// enough, and the tags that open and close each line. Tags in the middle of a rewritten
// line do not survive (they cannot be placed in a translation); closing tags left without
// their opening tag are dropped, so the cue's tags pair up as well as they did. Input
// that is not UTF-8 is written back in its own encoding (format.Encode).
//
// Reading is lenient where players are (timestamps with "," or ".", one to three fraction
// digits, no hours; no blank line between SRT cues; LF, CRLF or CR line ends; blocks before
// the first WebVTT cue without a timing are skipped as the WebVTT parser does) and strict
// elsewhere: a block that is neither a cue nor a NOTE, STYLE or REGION block, or a bad
// timing, is a *ParseError naming the line.
package subtitle
