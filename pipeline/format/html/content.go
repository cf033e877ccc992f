package html

import (
	"encoding/json"
	stdhtml "html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file finds the article in a page, on the principles readability and trafilatura share:
// paragraph text scored by length and commas and credited to its ancestors, discounted by the
// share of it inside links; class and id names that mean page chrome or content, in several
// languages; the page's own hints (schema.org articleBody as markup or JSON-LD, <article>,
// <main>); and, inside the chosen content, containers pruned when they read as chrome (link
// lists, teasers, forms) rather than prose.

var (
	// negativeRe and positiveRe are readability.js's class/id weights, with the words of
	// chrome that multilingual news sites use (related, "see also", tags, newsletters).
	negativeRe = regexp.MustCompile(`(?i)-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr|masthead|meta|outbrain|promo|related|relacionad|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget|newsletter|subscri|abonn|paywall|recommend|popular|trending|most-?read|mas-?leid|teaser|breadcrumb|social|cookie`)
	positiveRe = regexp.MustCompile(`(?i)article|body|content|entry|hentry|h-entry|main|page|post|text|blog|story|artikel|articulo|noticia|texto|tresc|contenu`)
	// seeAlsoRe is the start of a line that points at another article ("Read also: …"), in
	// the languages of the development set and their neighbours.
	seeAlsoRe = regexp.MustCompile(`(?i)^\s*(read (also|more)|see also|related( articles| stories| content)?|more on this|you (may|might) (also )?like|recommended|lea (también|tambien|más|mas)|lee (también|tambien)|leer más|ver (también|tambien|más)|vea (también|tambien)|le puede interesar|te puede interesar|puede interesarte|temas relacionados|contenido relacionado|noticias relacionadas|relacionad[oa]s?|veja (também|tambem)|leia (também|tambem|mais)|saiba mais|à lire aussi|a lire aussi|lire aussi|voir aussi|sur le même sujet|lesen sie auch|auch interessant|mehr zum thema|das könnte sie auch interessieren|weitere artikel|leggi anche|potrebbe interessarti|czytaj (też|także|również|więcej)|zobacz (też|także|również)|przeczytaj (też|także|również)|polecamy|lue myös|les også|läs också)\b\s*[:.!…]*`)
)

// analysis holds what content choice learns about a page's nodes.
type analysis struct {
	src string
	// text and link count the visible characters under a node, and those inside links.
	text, link map[*node]int
	// rawPara counts the characters of paragraph text under a node, chrome patterns ignored:
	// a class name may not hide most of a page's prose.
	rawPara map[*node]int
	// bodyPara is rawPara of the whole page.
	bodyPara int
}

// runes counts the visible characters of a text node.
func runes(src string, n *node) int {
	return utf8.RuneCountInString(strings.TrimSpace(stdhtml.UnescapeString(src[n.start:n.end])))
}

// paragraphLike are the elements whose text is prose when long enough.
var paragraphLike = set("p", "pre", "blockquote", "td", "dd", "li", "h2", "h3", "h4", "h5", "h6", "section", "div", "article", "main", "font", "span", "center")

// measureRaw fills rawPara: text in elements with no block children (prose containers),
// skipping only what is never content.
func (a *analysis) measureRaw(top *node) {
	a.rawPara = map[*node]int{}
	var walk func(*node) (int, bool) // returns raw paragraph chars and direct text chars
	walk = func(n *node) (int, bool) {
		para, direct, block := 0, 0, false
		for _, c := range n.children {
			switch {
			case c.name == "":
				direct += runes(a.src, c)
				continue
			case c.name == "#comment" || neverContent(c):
				continue
			}
			p, isBlock := walk(c)
			para += p
			if isBlock {
				block = true
			} else {
				direct += p
				para -= p
			}
		}
		isBlock := blockElements[n.name] || block
		if isBlock && direct >= 25 {
			para += direct
		}
		if !isBlock {
			para = direct // inline: its text counts in its block parent
		}
		a.rawPara[n] = para
		return para, isBlock
	}
	a.bodyPara, _ = walk(top)
	a.rawPara[top] = a.bodyPara
}

// neverContent reports what no page puts its article in: scripts, styles, hidden elements.
func neverContent(n *node) bool {
	switch n.name {
	case "head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object",
		"embed", "canvas", "select", "textarea", "button", "dialog", "map", "audio":
		return true
	}
	if _, ok := n.attr("hidden"); ok || strings.EqualFold(n.val("aria-hidden"), "true") {
		return true
	}
	st := strings.ReplaceAll(strings.ToLower(n.val("style")), " ", "")
	return strings.Contains(st, "display:none") || strings.Contains(st, "visibility:hidden")
}

// holdsProse reports whether n holds at least half the page's paragraph text.
func (a *analysis) holdsProse(n *node) bool {
	return a.bodyPara > 0 && 2*a.rawPara[n] >= a.bodyPara
}

// measure fills text and link for the nodes skip lets through.
func (a *analysis) measure(top *node, skip func(*node) bool) {
	a.text, a.link = map[*node]int{}, map[*node]int{}
	var walk func(*node, bool) (int, int)
	walk = func(n *node, inLink bool) (int, int) {
		t, l := 0, 0
		for _, c := range n.children {
			if c.name == "" {
				r := runes(a.src, c)
				t += r
				if inLink {
					l += r
				}
				continue
			}
			if skip(c) {
				continue
			}
			ct, cl := walk(c, inLink || c.name == "a")
			t, l = t+ct, l+cl
		}
		a.text[n], a.link[n] = t, l
		return t, l
	}
	walk(top, false)
}

// linkDensity is the share of n's text inside links.
func (a *analysis) linkDensity(n *node) float64 {
	if a.text[n] == 0 {
		return 0
	}
	return float64(a.link[n]) / float64(a.text[n])
}

// classWeight is readability's: -25 for a chrome class or id, +25 for a content one, each.
func classWeight(n *node) int {
	w := 0
	for _, v := range []string{n.val("class"), n.val("id")} {
		if v == "" {
			continue
		}
		if negativeRe.MatchString(v) {
			w -= 25
		}
		if positiveRe.MatchString(v) {
			w += 25
		}
	}
	return w
}

func tagWeight(name string) float64 {
	switch name {
	case "div", "article", "section", "main":
		return 5
	case "pre", "td", "blockquote":
		return 3
	case "address", "ol", "ul", "dl", "dd", "dt", "li", "form":
		return -3
	case "h1", "h2", "h3", "h4", "h5", "h6", "th":
		return -5
	}
	return 0
}

// scoreCandidates scores the ancestors of every prose element as readability does and returns
// the best, with every candidate's final score.
func (a *analysis) scoreCandidates(top *node, skip func(*node) bool) (*node, map[*node]float64) {
	score := map[*node]float64{}
	init := func(n *node) {
		if _, ok := score[n]; !ok {
			score[n] = tagWeight(n.name) + float64(classWeight(n))
		}
	}
	var walk func(*node)
	walk = func(n *node) {
		for _, c := range n.children {
			if c.name == "" || c.name == "#comment" || skip(c) {
				continue
			}
			walk(c)
		}
		if !prose(n) {
			return
		}
		t := a.text[n] - a.link[n]
		if t < 25 || n.parent == nil {
			return
		}
		s := 1 + float64(commas(a.src[n.start:n.end])) + min(float64(t)/100, 3)
		level := 0
		for p := n.parent; p != nil && level < 5; p, level = p.parent, level+1 {
			if p.name == "#root" {
				break
			}
			init(p)
			div := 1.0
			switch {
			case level == 1:
				div = 2
			case level > 1:
				div = float64(level * 3)
			}
			score[p] += s / div
		}
	}
	walk(top)
	var best *node
	for n, s := range score {
		s *= 1 - a.linkDensity(n)
		score[n] = s
	}
	for n, s := range score {
		if best == nil || s > score[best] || s == score[best] && n.start < best.start {
			best = n
		}
	}
	return best, score
}

// prose reports whether n is scored as a paragraph: p, pre, td, or a div-like element
// holding only inline content.
func prose(n *node) bool {
	switch n.name {
	case "p", "pre", "td":
		return true
	case "div", "section", "article", "font", "center":
		for _, c := range n.children {
			if c.name != "" && c.name != "#comment" && blockElements[c.name] {
				return false
			}
		}
		return true
	}
	return false
}

// commas counts the commas of a text, in the scripts that use other ones too.
func commas(s string) int {
	return strings.Count(s, ",") + strings.Count(s, "，") + strings.Count(s, "、") + strings.Count(s, "،")
}

// refine moves from readability's top candidate to the element that holds the whole article:
// up while the parent scores at least as well (the article split into several divs), and up
// through wrappers that have the candidate as their only child.
func refine(src string, best *node, score map[*node]float64) *node {
	// An article split into many similar divs (one per paragraph) gives several top
	// candidates of nearly the same score: their common ancestor is the article.
	var alts []*node
	for n, s := range score {
		if n != best && s >= 0.75*score[best] {
			alts = append(alts, n)
		}
	}
	if len(alts) >= 3 {
		for p := best.parent; p != nil && p.name != "body" && p.name != "#root" && p.name != "html"; p = p.parent {
			k := 0
			for _, n := range alts {
				if inside(n, p) {
					k++
				}
			}
			if k >= 3 {
				best = p
				break
			}
		}
	}
	last := score[best]
	threshold := last / 3
	for p := best.parent; p != nil && p.name != "body" && p.name != "#root" && p.name != "html"; p = p.parent {
		s, ok := score[p]
		if !ok {
			continue
		}
		if s < threshold {
			break
		}
		if s > last {
			best = p
			break
		}
		last = s
	}
	for p := best.parent; p != nil && p.name != "body" && p.name != "#root" && p.name != "html" && onlyChild(src, p); p = p.parent {
		best = p
	}
	return best
}

// onlyChild reports whether n has one child element and no text beside it.
func onlyChild(src string, n *node) bool {
	k := 0
	for _, c := range n.children {
		switch {
		case c.name == "#comment":
		case c.name == "" && strings.TrimSpace(src[c.start:c.end]) == "":
		default:
			k++
		}
	}
	return k == 1
}

// jsonLDBody returns the articleBody of the page's schema.org JSON-LD, if any.
func jsonLDBody(src string, top *node) string {
	var found string
	var walk func(*node)
	walk = func(n *node) {
		for _, c := range n.children {
			if found != "" {
				return
			}
			if c.name == "script" && strings.Contains(strings.ToLower(c.val("type")), "ld+json") && c.closeStart > c.tagEnd {
				var v any
				if json.Unmarshal([]byte(src[c.tagEnd:c.closeStart]), &v) == nil {
					found = articleBody(v)
				}
				continue
			}
			walk(c)
		}
	}
	walk(top)
	return found
}

func articleBody(v any) string {
	switch t := v.(type) {
	case map[string]any:
		if s, ok := t["articleBody"].(string); ok && len(s) > 0 {
			return s
		}
		for _, x := range t {
			if s := articleBody(x); s != "" {
				return s
			}
		}
	case []any:
		for _, x := range t {
			if s := articleBody(x); s != "" {
				return s
			}
		}
	}
	return ""
}

// squashed is s with entities decoded and every space removed, for comparing texts that
// markup and whitespace split differently.
func squashed(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, stdhtml.UnescapeString(s))
}

// holding returns the prose element whose text starts the probe (the first words of the
// JSON-LD articleBody), or nil.
func (a *analysis) holding(top *node, probe string, skip func(*node) bool) *node {
	p := []rune(squashed(probe))
	if len(p) < 20 {
		return nil
	}
	want := string(p[:min(len(p), 40)])
	var found *node
	var walk func(*node)
	walk = func(n *node) {
		for _, c := range n.children {
			if found != nil {
				return
			}
			if c.name == "" || c.name == "#comment" || skip(c) {
				continue
			}
			if prose(c) || c.name == "p" {
				if strings.Contains(squashed(tagless(a.src[c.start:c.end])), want) {
					found = c
					return
				}
				continue
			}
			walk(c)
		}
	}
	walk(top)
	return found
}

var tagRe = regexp.MustCompile(`<[^>]*>`)

func tagless(s string) string { return tagRe.ReplaceAllString(s, "") }
