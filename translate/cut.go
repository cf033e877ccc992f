package translate

import "unicode/utf8"

// Load is the size of a request's texts, in the units Limits bound.
type Load struct {
	Texts, Bytes, CodePoints int
}

// LoadOf is the load of texts.
func LoadOf(texts ...string) Load {
	var l Load
	for _, t := range texts {
		l = l.Add(t)
	}
	return l
}

// Add is l with one more text.
func (l Load) Add(text string) Load {
	return Load{l.Texts + 1, l.Bytes + len(text), l.CodePoints + utf8.RuneCountInString(text)}
}

// Plus is the load of both.
func (l Load) Plus(m Load) Load {
	return Load{l.Texts + m.Texts, l.Bytes + m.Bytes, l.CodePoints + m.CodePoints}
}

// Fits reports whether one request of load x is within l. Zero fields of l are no limit.
func (l Limits) Fits(x Load) bool {
	return (l.Texts <= 0 || x.Texts <= l.Texts) && (l.Bytes <= 0 || x.Bytes <= l.Bytes) &&
		(l.CodePoints <= 0 || x.CodePoints <= l.CodePoints)
}

// Full reports whether a request of load x has reached one of l's limits, so that no further
// text can join it. Limits with no bound at all are always full: there is nothing to fill.
func (l Limits) Full(x Load) bool {
	if l.Texts <= 0 && l.Bytes <= 0 && l.CodePoints <= 0 {
		return true
	}
	return l.Texts > 0 && x.Texts >= l.Texts || l.Bytes > 0 && x.Bytes >= l.Bytes ||
		l.CodePoints > 0 && x.CodePoints >= l.CodePoints
}

// Span is the half-open range [Lo,Hi) of a list of texts that one request carries.
type Span struct{ Lo, Hi int }

// Cut is bitext's one batching rule: it cuts texts, in order, into the fewest consecutive
// runs that each fit l (Fits). A text over a limit on its own gets a run of its own, uncut
// (cutting a sentence would change its translation; the backend then decides). Greedy
// filling is optimal here: for limits that add up over texts, closing a run only when the
// next text does not fit never needs more runs than any other cut that keeps the order.
//
// The engine's split middleware, the pipeline's batches and the dry run's request count all
// use it, so an estimate counts the requests a run makes.
func Cut(texts []string, l Limits) []Span {
	var (
		out []Span
		lo  int
		cur Load
	)
	for i, s := range texts {
		next := cur.Add(s)
		if i > lo && !l.Fits(next) {
			out = append(out, Span{lo, i})
			lo, next = i, Load{}.Add(s)
		}
		cur = next
	}
	if len(texts) > lo {
		out = append(out, Span{lo, len(texts)})
	}
	return out
}
