// Package subfit checks translated subtitles against what a viewer can read: characters a
// second of the time a cue is shown, characters a line, lines a cue, by the numbers of a
// published profile (Netflix, TED, BBC) or given ones. It runs after align, on the cues as
// merged output lays them out (package subtitle), wraps a cue's lines again where that helps
// (within the cue's own number of lines), can ask an LLM backend once to condense what still
// does not fit, and flags the rest on the cue's block (Block.QA). It never changes timing.
package subfit
