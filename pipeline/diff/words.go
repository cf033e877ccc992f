package diff

import (
	"unicode"
	"unicode/utf8"
)

// Op is one piece of a word-level diff: text kept, deleted from the old side, or inserted
// from the new side.
type Op struct {
	Kind OpKind
	Text string
}

// OpKind says whether an Op's text is in both sides, only the old or only the new.
type OpKind int

// Op kinds.
const (
	Equal OpKind = iota
	Delete
	Insert
)

// maxWordCells bounds the LCS table (tokens of old × tokens of new): beyond it the texts are
// shown as one deletion and one insertion, which is what a reader could follow anyway.
const maxWordCells = 4 << 20

// Words returns a word-level diff of a and b: concatenating the Equal and Delete texts gives
// a, the Equal and Insert texts give b. Words are runs of letters, digits and marks; every
// other character (space, punctuation) is a token of its own, so "Gaza," and "Gaza." differ
// only in the comma.
func Words(a, b string) []Op {
	x, y := tokens(a), tokens(b)
	if len(x)*len(y) > maxWordCells {
		return merge([]Op{{Delete, a}, {Insert, b}})
	}
	// lcs[i][j] is the length of the longest common subsequence of x[i:] and y[j:].
	lcs := make([][]int32, len(x)+1)
	for i := range lcs {
		lcs[i] = make([]int32, len(y)+1)
	}
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var ops []Op
	i, j := 0, 0
	for i < len(x) && j < len(y) {
		switch {
		case x[i] == y[j]:
			ops = append(ops, Op{Equal, x[i]})
			i++
			j++
		case lcs[i+1][j] >= lcs[i][j+1]:
			ops = append(ops, Op{Delete, x[i]})
			i++
		default:
			ops = append(ops, Op{Insert, y[j]})
			j++
		}
	}
	for ; i < len(x); i++ {
		ops = append(ops, Op{Delete, x[i]})
	}
	for ; j < len(y); j++ {
		ops = append(ops, Op{Insert, y[j]})
	}
	return merge(ops)
}

// merge joins neighbouring ops of one kind, and puts every deletion before the insertion
// next to it, so that a replaced phrase reads as [-old-]{+new+}. A single space between
// two changes is folded into them, as git's word diff does, so the reader sees phrases.
func merge(ops []Op) []Op {
	var out []Op
	for k := 0; k < len(ops); k++ {
		op := ops[k]
		if op.Text == "" {
			continue
		}
		if op.Kind == Equal && isSpace(op.Text) && k > 0 && k+1 < len(ops) && ops[k-1].Kind != Equal && ops[k+1].Kind != Equal {
			out = appendOp(out, Op{Delete, op.Text})
			out = appendOp(out, Op{Insert, op.Text})
			continue
		}
		out = appendOp(out, op)
	}
	return out
}

// appendOp adds op, merging it into the trailing run of changes: a run of deletes and
// inserts collapses to one Delete followed by one Insert.
func appendOp(out []Op, op Op) []Op {
	n := len(out)
	switch {
	case n > 0 && out[n-1].Kind == op.Kind:
		out[n-1].Text += op.Text
	case op.Kind == Delete && n > 1 && out[n-1].Kind == Insert && out[n-2].Kind == Delete:
		out[n-2].Text += op.Text
	case op.Kind == Delete && n > 0 && out[n-1].Kind == Insert:
		out = append(out[:n-1], op, out[n-1])
	default:
		out = append(out, op)
	}
	return out
}

func isSpace(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) {
			return false
		}
	}
	return s != ""
}

func isWord(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// tokens splits s into words, whitespace runs and single other characters.
func tokens(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		j := i + n
		switch {
		case isWord(r):
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if !isWord(r2) {
					break
				}
				j += n2
			}
		case unicode.IsSpace(r):
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsSpace(r2) {
					break
				}
				j += n2
			}
		}
		out = append(out, s[i:j])
		i = j
	}
	return out
}
