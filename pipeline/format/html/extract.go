package html

import (
	stdhtml "html"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format/inline"
	"github.com/seed77ff/bitext/pipeline/format/text"
)

// maxCaption is the longest text, in characters, classed as a caption: the design's
// counterpart rule looks for captions of at most 300 characters.
const maxCaption = 300

var (
	// notContent are elements whose content is never article text.
	notContent = set("head", "script", "style", "noscript", "template", "svg", "math", "iframe",
		"object", "embed", "canvas", "nav", "aside", "form", "button", "select", "textarea", "input",
		"label", "footer", "dialog", "map", "audio",
		// Ruby annotations (readings of kanji) and their fallback parentheses are not text to
		// detect or translate; they stay in the page as opaque markup.
		"rt", "rp")
	// chromeRoles are ARIA landmarks and widgets of page chrome.
	chromeRoles = set("navigation", "banner", "contentinfo", "complementary", "search", "menu",
		"menubar", "toolbar", "dialog", "alertdialog", "tablist")
	// unlikely and maybe are readability.js's class/id patterns for page chrome, and the
	// words that rescue an element from them.
	unlikely = regexp.MustCompile(`(?i)-ad-|\bads?\b|banner|breadcrumb|combx|comment|community|cookie|disqus|footer|gdpr|menu|newsletter|outbrain|pagination|pager|popup|promo|related|remark|replies|rss|share|sharing|shoutbox|sidebar|skyscraper|social|sponsor|subscribe|taboola|tags?-list|toolbar`)
	maybe    = regexp.MustCompile(`(?i)and|article|body|column|content|main|shadow`)
	// blockElements start a block of their own; anything else is inline.
	blockElements = set("address", "article", "blockquote", "body", "caption", "center", "dd", "details",
		"div", "dl", "dt", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "header",
		"hgroup", "hr", "html", "li", "main", "ol", "p", "pre", "section", "summary", "table",
		"tbody", "td", "tfoot", "th", "thead", "tr", "ul", "#root")
	bylineRe  = regexp.MustCompile(`(?i)byline|author|writer|reporter|contributor`)
	creditRe  = regexp.MustCompile(`(?i)credit|copyright|photographer`)
	leadRe    = regexp.MustCompile(`(?i)(^|[-_\s])(sub-?title|subhead|standfirst|lead|dek|deck|summary|description|excerpt|intro|teaser)([-_\s]|$)`)
	captionRe = regexp.MustCompile(`(?i)caption|video|gallery|media|photo|image|picture`)
)

// extractor walks a parsed page and appends its article's blocks to d.
type extractor struct {
	page       *page
	d          *doc.Document
	root       *node
	title      bool // an h1 became the title
	paragraphs int  // body paragraphs so far
	blocky     map[*node]bool
	skipped    map[*node]bool // answers of skip, which asks several patterns
	an         *analysis
	score      map[*node]float64 // readability scores of candidates
	// lenient turns off the class-name and pruning rules: the second try on a page where
	// they left too little.
	lenient bool
}

func (x *extractor) extract(top *node) {
	x.an = &analysis{src: x.page.src}
	x.an.measureRaw(top)
	x.an.measure(top, x.skip)
	root, extra := x.chooseRoot(top)
	x.skipped = nil // answers given before the root was known (a <header> outside it)
	x.root = root
	first := root
	if len(extra) > 0 {
		x.root = root.parent
		first = root.parent.children[0]
		for _, c := range root.parent.children {
			if c == root || len(extra) > 0 && c == extra[0] {
				first = c
				break
			}
		}
	}
	if !contains(x.root, "h1") {
		if h := firstBefore(top, "h1", first.start); h != nil {
			x.container(h)
		}
	}
	if len(extra) == 0 {
		x.container(root)
		return
	}
	keep := map[*node]bool{root: true}
	for _, e := range extra {
		keep[e] = true
	}
	for _, c := range root.parent.children {
		if keep[c] {
			x.container(c)
		}
	}
}

// finish trims the article's edges.
func (x *extractor) finish() { trimEdges(x.d) }

// classes is what chrome and role patterns look at: class, id, and itemprop.
func classes(n *node) string {
	return n.val("class") + " " + n.val("id")
}

// skip reports whether an element and its content are not article content. Inside the
// chosen root, <header> is kept (an article's header holds its title and byline).
func (x *extractor) skip(n *node) bool {
	if n.name == "" || n.name == "#root" {
		return false
	}
	if v, ok := x.skipped[n]; ok {
		return v
	}
	v := x.skipNode(n)
	if x.skipped == nil {
		x.skipped = map[*node]bool{}
	}
	x.skipped[n] = v
	return v
}

func (x *extractor) skipNode(n *node) bool {
	if n.name == "#comment" || chromeRoles[strings.ToLower(n.val("role"))] {
		return true
	}
	if notContent[n.name] {
		// Some sites wrap the whole page in a <form> (ASP.NET): one holding most of the
		// page's prose is not a form.
		return n.name != "form" || x.an == nil || !x.an.holdsProse(n)
	}
	if n.name == "header" && (x.root == nil || !inside(n, x.root)) {
		return true
	}
	if _, ok := n.attr("hidden"); ok || strings.EqualFold(n.val("aria-hidden"), "true") {
		return true
	}
	if st := strings.ReplaceAll(strings.ToLower(n.val("style")), " ", ""); strings.Contains(st, "display:none") || strings.Contains(st, "visibility:hidden") {
		return true
	}
	if strings.Contains(strings.ToLower(n.val("itemprop")), "articlebody") {
		return false
	}
	c := classes(n)
	if x.lenient || !unlikely.MatchString(c) || maybe.MatchString(c) || n.name == "html" || n.name == "body" || n.name == "article" || n.name == "main" {
		return false
	}
	// A chrome class name on the element holding most of the page's prose is a theme's
	// layout name ("panel-two-col-sidebar-right"), not chrome.
	return x.an == nil || !x.an.holdsProse(n)
}

func inside(n, anc *node) bool {
	for p := n; p != nil; p = p.parent {
		if p == anc {
			return true
		}
	}
	return false
}

func contains(n *node, name string) bool {
	for _, c := range n.children {
		if c.name == name || contains(c, name) {
			return true
		}
	}
	return false
}

func firstBefore(n *node, name string, before int) *node {
	x := &extractor{}
	var found *node
	var walk func(*node)
	walk = func(n *node) {
		for _, c := range n.children {
			if found != nil || c.start >= before || x.skip(c) {
				return
			}
			if c.name == name {
				found = c
				return
			}
			walk(c)
		}
	}
	walk(n)
	return found
}

// chooseRoot finds the article's main content (see content.go): an itemprop=articleBody
// element (or the <article> around it); else readability's best-scored element, moved to
// where the JSON-LD articleBody starts if it missed it, and widened to the <article> or
// <main> around it; else the <article> or <main> richest in text; else the whole page. It
// also returns the root's siblings that hold more of the article (sibling content).
func (x *extractor) chooseRoot(top *node) (*node, []*node) {
	a := x.an
	var bodies, articles, mains []*node
	var walk func(*node)
	walk = func(n *node) {
		for _, c := range n.children {
			if c.name == "" || c.name == "#comment" || x.skip(c) {
				continue
			}
			switch {
			case strings.Contains(strings.ToLower(c.val("itemprop")), "articlebody"):
				bodies = append(bodies, c)
			case c.name == "article":
				articles = append(articles, c)
			case c.name == "main" || strings.EqualFold(c.val("role"), "main"):
				mains = append(mains, c)
			}
			walk(c)
		}
	}
	walk(top)
	bestOf := func(ns []*node, floor int) *node {
		var b *node
		for _, n := range ns {
			if a.text[n] >= floor && (b == nil || a.text[n] > a.text[b]) {
				b = n
			}
		}
		return b
	}
	if b := bestOf(bodies, 25); b != nil {
		for p := b.parent; p != nil; p = p.parent {
			if p.name == "article" {
				return p, nil
			}
		}
		return b, nil
	}
	best, score := a.scoreCandidates(top, x.skip)
	x.score = score
	var cand *node
	if best != nil {
		cand = refine(a.src, best, score)
	}
	if body := jsonLDBody(a.src, top); body != "" {
		if h := a.holding(top, body, x.skip); h != nil && (cand == nil || !inside(h, cand)) {
			cand = h.parent
			for p := h.parent; p != nil && p.name != "#root"; p = p.parent {
				if score[p] > score[cand] {
					cand = p
				}
			}
		}
	}
	if cand != nil {
		for p := cand; p != nil; p = p.parent {
			if p.name == "article" || p.name == "main" || strings.EqualFold(p.val("role"), "main") {
				// The <article> around the text also holds its title and byline; a much larger
				// one is a page wrapper.
				if a.text[p]-a.link[p] <= 2*(a.text[cand]-a.link[cand])+500 {
					cand = p
				}
				break
			}
		}
		if cand.name != "#root" && cand.name != "body" && cand.name != "html" {
			return cand, x.siblings(cand)
		}
		return cand, nil
	}
	if b := bestOf(articles, 140); b != nil {
		return b, nil
	}
	if b := bestOf(mains, 140); b != nil {
		return b, nil
	}
	return top, nil
}

// siblings returns the siblings of root that continue the article, as readability joins
// them: well scored (more so with root's class), or a paragraph of prose with few links.
func (x *extractor) siblings(root *node) []*node {
	a := x.an
	if root.parent == nil {
		return nil
	}
	threshold := max(10, x.score[root]*0.2)
	var out []*node
	for _, s := range root.parent.children {
		if s == root || s.name == "" || s.name == "#comment" || x.skip(s) {
			continue
		}
		bonus := 0.0
		if c := s.val("class"); c != "" && c == root.val("class") {
			bonus = x.score[root] * 0.2
		}
		sc, scored := x.score[s]
		t := a.text[s]
		ld := a.linkDensity(s)
		switch {
		case scored && sc+bonus >= threshold:
		case s.name == "p" && t > 80 && ld < 0.25:
		case s.name == "p" && t > 0 && t <= 80 && ld == 0 && strings.HasSuffix(strings.TrimSpace(tagless(a.src[s.start:s.end])), "."):
		default:
			continue
		}
		out = append(out, s)
	}
	return out
}

// pruned reports whether a container inside the article reads as page chrome rather than
// prose, as readability's "clean conditionally" judges it: a link list, a box of teasers,
// a form, a gallery without text.
func (x *extractor) pruned(n *node) bool {
	if x.lenient || n == x.root {
		return false
	}
	switch n.name {
	case "div", "section", "ul", "ol", "table", "form", "fieldset", "dl", "aside", "header":
	default:
		return false
	}
	a := x.an
	weight := classWeight(n)
	if n.name == "header" && weight >= 0 {
		return false
	}
	if float64(weight)+x.score[n] < 0 && !x.hasFigure(n) {
		return true
	}
	src := a.src[n.start:n.end]
	if commas(tagless(src)) >= 10 {
		return false
	}
	count := func(name string) int {
		k := 0
		var walk func(*node)
		walk = func(m *node) {
			for _, c := range m.children {
				if c.name == name {
					k++
				}
				if c.name != "" && !x.skip(c) {
					walk(c)
				}
			}
		}
		walk(n)
		return k
	}
	ps, imgs, lis, inputs := count("p"), count("img"), count("li")-100, count("input")
	isList := n.name == "ul" || n.name == "ol"
	ld := a.linkDensity(n)
	length := a.text[n]
	switch {
	case imgs > 1 && float64(ps)/float64(imgs) < 0.5 && !x.hasFigure(n):
		return true
	case !isList && lis > ps:
		return true
	case inputs > ps/3:
		return true
	case !isList && length < 25 && (imgs == 0 || imgs > 2) && !x.hasFigure(n) && !x.hasHeading(n) &&
		!matchesSelf(n, bylineRe) && !matchesSelf(n, creditRe):
		return true
	case !isList && weight < 25 && ld > 0.2:
		return true
	case weight >= 25 && ld > 0.5:
		return true
	case isList && ld > 0.5 && length > 0:
		return true
	}
	return false
}

// hasFigure reports whether n is, is in, or holds a figure or figcaption: captions are content.
func (x *extractor) hasFigure(n *node) bool {
	if x.ancestor(n, "figure", "figcaption") != nil {
		return true
	}
	return contains(n, "figcaption") || contains(n, "figure")
}

func (x *extractor) hasHeading(n *node) bool {
	for _, h := range []string{"h1", "h2", "h3", "h4", "h5", "h6"} {
		if contains(n, h) {
			return true
		}
	}
	return false
}

// container emits the blocks of element n: each run of inline content between its block
// children is one block; block children are walked in turn.
func (x *extractor) container(n *node) {
	whole := true
	for _, c := range n.children {
		if c.name != "" && !x.skip(c) && (blockElements[c.name] || x.hasBlock(c) || x.special(n, c) != "") {
			whole = false
		}
	}
	var run []*node
	flush := func() {
		x.run(n, run, whole, "")
		run = nil
	}
	for _, c := range n.children {
		switch {
		case c.name == "":
			run = append(run, c)
		case c.name == "#comment":
			run = append(run, c) // kept as an opaque tag, so no byte is lost inside a sentence
		case x.skip(c) || x.pruned(c):
			if len(run) > 0 {
				run = append(run, c) // opaque, like a comment
			}
		case blockElements[c.name] || x.hasBlock(c):
			flush()
			x.container(c)
		case x.special(n, c) != "":
			flush()
			x.run(c, []*node{c}, false, x.special(n, c))
		default:
			run = append(run, c)
		}
	}
	flush()
}

// hasBlock reports whether an inline element holds block elements (<a><div>…</div></a>).
// Answers are remembered, so deep nesting costs linear time.
func (x *extractor) hasBlock(n *node) bool {
	if v, ok := x.blocky[n]; ok {
		return v
	}
	v := false
	for _, c := range n.children {
		if c.name != "" && (blockElements[c.name] || x.hasBlock(c)) {
			v = true
			break
		}
	}
	if x.blocky == nil {
		x.blocky = map[*node]bool{}
	}
	x.blocky[n] = v
	return v
}

// special returns "byline" or "credit" for an inline element that is one, inside a
// container that is not already one, so a figcaption's credit becomes its own block.
func (x *extractor) special(container, c *node) string {
	if c.name == "" || c.name == "#comment" {
		return ""
	}
	for _, k := range []struct {
		re   *regexp.Regexp
		kind string
	}{{bylineRe, "byline"}, {creditRe, "credit"}} {
		if matchesSelf(c, k.re) && !x.within(container, k.re) {
			return k.kind
		}
	}
	return ""
}

func matchesSelf(n *node, re *regexp.Regexp) bool {
	return re.MatchString(classes(n)) || re.MatchString(n.val("rel")) || re.MatchString(n.val("itemprop"))
}

// within reports whether n or an ancestor below the root matches re.
func (x *extractor) within(n *node, re *regexp.Regexp) bool {
	for p := n; p != nil && p != x.root; p = p.parent {
		if matchesSelf(p, re) {
			return true
		}
	}
	return false
}

// ancestor returns the nearest of n and its ancestors below the root named one of names.
func (x *extractor) ancestor(n *node, names ...string) *node {
	for p := n; p != nil && p != x.root.parent; p = p.parent {
		for _, name := range names {
			if p.name == name {
				return p
			}
		}
		if p == x.root {
			break
		}
	}
	return nil
}

// run makes a block of the inline nodes of container, and caption blocks of the media in them.
func (x *extractor) run(container *node, run []*node, whole bool, special string) {
	b := &block{page: x.page, x: x, container: container}
	if whole {
		b.elem = container
	}
	var media []*node
	b.build(run, &media)
	if b.text != "" && (special != "" || x.within(container, bylineRe) || x.within(container, creditRe) || !x.chrome(b)) {
		k, reason := x.kind(container, b.text, special)
		x.add(b, k, reason)
	}
	for _, m := range media {
		for _, key := range []string{"alt", "title", "aria-label"} {
			a, ok := m.attr(key)
			if !ok || key == "alt" && m.name != "img" || icon(m) {
				continue
			}
			ab := &block{page: x.page, attr: a}
			ab.buildAttr()
			if ab.text != "" && !leftover(ab.text) {
				k, reason := x.kind(nil, ab.text, "media")
				x.add(ab, k, reason)
			}
		}
	}
}

// icon reports whether an image is an icon or a button rather than a picture: linked and
// outside a figure, or smaller than 80 pixels.
func icon(m *node) bool {
	if m.name != "img" {
		return false
	}
	for _, k := range []string{"width", "height"} {
		if v, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(m.val(k)), "px")); err == nil && v < 80 {
			return true
		}
	}
	linked := false
	for p := m.parent; p != nil; p = p.parent {
		switch p.name {
		case "figure":
			return false
		case "a":
			linked = true
		}
	}
	return linked
}

// chrome reports whether a block is a pointer to other pages rather than article text: mostly
// link text, or a "Read also:" line.
func (x *extractor) chrome(b *block) bool {
	share := float64(b.linked) / float64(len(b.text))
	if share >= 0.6 && utf8.RuneCountInString(b.text) < 300 {
		return true
	}
	if leftover(b.text) {
		return true
	}
	if m := seeAlsoRe.FindStringIndex(b.text); m != nil {
		rest := strings.TrimSpace(b.text[m[1]:])
		return share >= 0.3 || len(strings.Fields(rest)) <= 3
	}
	return false
}

func (x *extractor) add(b *block, kind doc.Kind, reason string) {
	blk := &doc.Block{Index: len(x.d.Blocks), Kind: kind, Text: b.text, Reason: reason, Native: b}
	x.d.Blocks = append(x.d.Blocks, blk)
}

// kind classes a block from its text and its place in the page.
func (x *extractor) kind(container *node, t, special string) (doc.Kind, string) {
	if reason, ok := text.Boilerplate(t); ok {
		return doc.Boilerplate, reason
	}
	if !hasWordChar(t) {
		return doc.Boilerplate, "no words"
	}
	short := utf8.RuneCountInString(t) <= maxCaption
	switch {
	case special == "media":
		if short {
			return doc.Caption, ""
		}
		return doc.Paragraph, ""
	case special == "byline" || container != nil && x.within(container, bylineRe) && short:
		return doc.Byline, "byline markup"
	case special == "credit" || container != nil && x.within(container, creditRe) && short:
		return doc.Credit, "credit markup"
	case text.IsCredit(t):
		return doc.Credit, "credit line"
	}
	// A figcaption is a caption whatever its inner markup (some sites put headings in it).
	if short && x.ancestor(container, "figcaption") != nil {
		return doc.Caption, ""
	}
	if h := x.ancestor(container, "h1", "h2", "h3", "h4", "h5", "h6"); h != nil {
		if h.name == "h1" && !x.title {
			x.title = true
			return doc.Title, ""
		}
		return doc.Heading, ""
	}
	// A lead is marked as one (class "subtitle", itemprop=description) and comes before the body.
	if container != nil && x.paragraphs == 0 && (matchesSelf(container, leadRe) ||
		container.parent != nil && container.parent != x.root && matchesSelf(container.parent, leadRe)) {
		return doc.Lead, ""
	}
	if short && (x.ancestor(container, "figcaption", "figure", "caption") != nil || x.within(container, captionRe)) {
		return doc.Caption, ""
	}
	if x.ancestor(container, "blockquote") != nil {
		return doc.Quote, ""
	}
	if x.ancestor(container, "li", "dd", "dt") != nil {
		return doc.ListItem, ""
	}
	x.paragraphs++
	return doc.Paragraph, ""
}

func hasWordChar(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// span is a run of block text and the source bytes it came from. A linear span maps byte for
// byte; any other (a character reference, a collapsed whitespace run) maps as a whole.
type span struct {
	ts, te, rs, re int
	linear         bool
}

// tagKind says what an inline tag is.
type tagKind int

const (
	openTag tagKind = iota
	closeTag
	voidTag
)

// tag is an inline tag of a block (or an opaque inline thing: a comment, a video), with its
// source bytes and, for open and close tags, the index of its partner.
type tag struct {
	kind    tagKind
	rs, re  int
	partner int
}

// block is the Native value of a doc.Block: where its text and inline tags lie in the source.
type block struct {
	page *page
	x    *extractor
	text string
	// attr is set for a block made of an attribute value (img alt).
	attr *attr
	// elem is the element whose whole content the block is; nil when the block is part of it.
	elem *node
	// container is the element whose inline content the block comes from.
	container *node
	spans     []span
	tags      []tag
	// rs, re bound the block's source: its first and last text or tag, balanced.
	rs, re int
	// tagAt finds a tag by its end offset, or by -1-start.
	tagAt map[int]int

	sb        strings.Builder
	lastSpace bool
	// inLink is how many <a> the build is inside; linked counts the text bytes written there.
	inLink, linked int
}

// build collects the text and inline tags of nodes; media (img, video, picture) with
// captions are appended to media.
func (b *block) build(nodes []*node, media *[]*node) {
	b.lastSpace = true
	b.rs, b.re = -1, -1
	for _, n := range nodes {
		b.node(n, media)
	}
	b.text = b.sb.String()
	// Drop a trailing collapsed space.
	if l := len(b.spans); l > 0 && !b.spans[l-1].linear && b.text[b.spans[l-1].ts:] == " " {
		b.text = b.text[:b.spans[l-1].ts]
		b.spans = b.spans[:l-1]
	}
	b.sb.Reset()
	if b.text == "" {
		return
	}
	b.rs, b.re = b.spans[0].rs, b.spans[len(b.spans)-1].re
	for _, t := range b.tags {
		b.rs, b.re = min(b.rs, t.rs), max(b.re, t.re)
	}
}

func (b *block) node(n *node, media *[]*node) {
	switch {
	case n.name == "":
		b.textNode(n.start, n.end)
	case b.x.skip(n) || b.x.pruned(n) || n.name == "video" || n.name == "picture":
		b.addTag(voidTag, n.start, n.end)
		if n.name == "video" {
			*media = append(*media, n)
		} else if n.name == "picture" {
			collect(n, "img", media)
		}
	case n.name == "br":
		b.addTag(voidTag, n.start, n.tagEnd)
		b.space(n.tagEnd, n.tagEnd)
	case voidElements[n.name] || n.closeStart == n.end && len(n.children) == 0 && n.tagEnd == n.end:
		b.addTag(voidTag, n.start, n.tagEnd)
		if n.name == "img" {
			*media = append(*media, n)
		}
	default:
		closed := n.closeStart < n.end
		open := len(b.tags)
		if closed {
			b.addTag(openTag, n.start, n.tagEnd)
		} else {
			b.addTag(voidTag, n.start, n.tagEnd)
		}
		if n.name == "a" {
			b.inLink++
		}
		before := b.sb.Len()
		for _, c := range n.children {
			b.node(c, media)
		}
		if n.name == "a" {
			b.inLink--
			if b.inLink == 0 {
				b.linked += b.sb.Len() - before
			}
		}
		if closed {
			b.addTag(closeTag, n.closeStart, n.end)
			b.tags[open].partner = len(b.tags) - 1
			b.tags[len(b.tags)-1].partner = open
		}
	}
}

func collect(n *node, name string, out *[]*node) {
	for _, c := range n.children {
		if c.name == name {
			*out = append(*out, c)
		}
		collect(c, name, out)
	}
}

func (b *block) addTag(k tagKind, rs, re int) {
	b.tags = append(b.tags, tag{kind: k, rs: rs, re: re, partner: -1})
}

// space adds one space for source bytes [rs, re) unless the text already ends in one.
func (b *block) space(rs, re int) {
	if b.lastSpace {
		return
	}
	ts := b.sb.Len()
	b.sb.WriteByte(' ')
	b.spans = append(b.spans, span{ts: ts, te: ts + 1, rs: rs, re: re})
	b.lastSpace = true
}

func (b *block) textNode(start, end int) {
	src := b.page.src
	for i := start; i < end; {
		c := src[i]
		switch {
		case isSpace(c):
			j := i
			for j < end && isSpace(src[j]) {
				j++
			}
			b.space(i, j)
			i = j
		case c == '&':
			j := entityEnd(src, i, end)
			dec := stdhtml.UnescapeString(src[i:j])
			if dec == src[i:j] {
				j, dec = i+1, "&"
			}
			if strings.TrimFunc(dec, unicode.IsSpace) == "" {
				b.space(i, j)
			} else {
				ts := b.sb.Len()
				b.sb.WriteString(dec)
				b.spans = append(b.spans, span{ts: ts, te: b.sb.Len(), rs: i, re: j})
				b.lastSpace = false
			}
			i = j
		default:
			j := i
			for j < end && src[j] != '&' && !isSpace(src[j]) {
				r, n := utf8.DecodeRuneInString(src[j:end])
				if unicode.IsSpace(r) {
					break
				}
				j += n
			}
			if j == i { // a Unicode space (NBSP) written as a character
				_, n := utf8.DecodeRuneInString(src[i:end])
				b.space(i, i+n)
				i += n
				continue
			}
			ts := b.sb.Len()
			b.sb.WriteString(src[i:j])
			b.spans = append(b.spans, span{ts: ts, te: b.sb.Len(), rs: i, re: j, linear: true})
			b.lastSpace = false
			i = j
		}
	}
}

// entityEnd returns the end of the character reference that may start at src[i] == '&'.
func entityEnd(src string, i, end int) int {
	j := i + 1
	if j < end && src[j] == '#' {
		j++
		if j < end && (src[j] == 'x' || src[j] == 'X') {
			j++
		}
	}
	for j < end && j-i < 40 && (src[j] >= 'a' && src[j] <= 'z' || src[j] >= 'A' && src[j] <= 'Z' || src[j] >= '0' && src[j] <= '9') {
		j++
	}
	if j < end && src[j] == ';' {
		j++
	}
	return j
}

// buildAttr makes the block's text from its attribute's value.
func (b *block) buildAttr() {
	b.lastSpace = true
	b.textNode(b.attr.vs, b.attr.ve)
	b.text = b.sb.String()
	if l := len(b.spans); l > 0 && !b.spans[l-1].linear && b.text[b.spans[l-1].ts:] == " " {
		b.text = b.text[:b.spans[l-1].ts]
		b.spans = b.spans[:l-1]
	}
	b.sb.Reset()
	if b.text != "" {
		b.rs, b.re = b.spans[0].rs, b.spans[len(b.spans)-1].re
	}
}

// rawStart maps a text offset that starts a segment to a source offset.
func (b *block) rawStart(t int) int {
	for _, s := range b.spans {
		if t < s.te {
			if s.linear && t >= s.ts {
				return s.rs + t - s.ts
			}
			return s.rs
		}
	}
	return b.re
}

// rawEnd maps a text offset that ends a segment to a source offset.
func (b *block) rawEnd(t int) int {
	for i := len(b.spans) - 1; i >= 0; i-- {
		s := b.spans[i]
		if t > s.ts {
			if s.linear && t <= s.te {
				return s.rs + t - s.ts
			}
			return s.re
		}
	}
	return b.rs
}

// segRange maps the block text [start, end) of a segment to its source bytes, taking in the
// tags right at its edges whose partner is inside too (<b>word</b> as a whole), so that a
// tag pair around a segment travels as a pair.
func (b *block) segRange(start, end int) (int, int) {
	rs, re := b.rawStart(start), b.rawEnd(end)
	if b.tagAt == nil {
		b.tagAt = make(map[int]int, 2*len(b.tags))
		for i, t := range b.tags {
			b.tagAt[t.re] = i // tags do not overlap, so each end and start is one tag's
			b.tagAt[-1-t.rs] = i
		}
	}
	for {
		if i, ok := b.tagAt[rs]; ok && b.tags[i].kind == openTag && b.tags[i].partner >= 0 {
			t, p := b.tags[i], b.tags[b.tags[i].partner]
			if p.re <= re {
				rs = t.rs
				continue
			}
			if p.rs == re {
				rs, re = t.rs, p.re
				continue
			}
		}
		if i, ok := b.tagAt[-1-re]; ok && b.tags[i].kind == closeTag && b.tags[i].partner >= 0 && b.tags[b.tags[i].partner].rs >= rs {
			re = b.tags[i].re
			continue
		}
		return rs, re
	}
}

// parts returns text [start, end) of the block in placeholder form and, for each placeholder
// ID (from 1), the index of its tag.
func (b *block) parts(start, end int) ([]inline.Part, []int) {
	rs, re := b.segRange(start, end)
	var (
		parts []inline.Part
		ids   []int
		idOf  = map[int]int{}
	)
	ti := 0
	emitTags := func(before int) {
		for ; ti < len(b.tags) && b.tags[ti].rs < before; ti++ {
			t := b.tags[ti]
			if t.rs < rs || t.re > re {
				continue
			}
			inRange := t.partner >= 0 && b.tags[t.partner].rs >= rs && b.tags[t.partner].re <= re
			switch {
			case t.kind == closeTag && inRange:
				parts = append(parts, inline.Part{Kind: inline.Close, ID: idOf[t.partner]})
				continue
			}
			ids = append(ids, ti)
			id := len(ids)
			idOf[ti] = id
			k := inline.Void
			switch {
			case t.kind == openTag && inRange:
				k = inline.Open
			case t.kind == openTag:
				k = inline.Begin
			case t.kind == closeTag:
				k = inline.End
			}
			parts = append(parts, inline.Part{Kind: k, ID: id})
		}
	}
	for _, s := range b.spans {
		if s.te <= start || s.ts >= end {
			continue
		}
		emitTags(s.rs)
		t := b.text[max(s.ts, start):min(s.te, end)]
		if l := len(parts); l > 0 && parts[l-1].Kind == inline.Text {
			parts[l-1].Text += t
		} else {
			parts = append(parts, inline.Part{Kind: inline.Text, Text: t})
		}
	}
	emitTags(re + 1)
	return parts, ids
}

// Markup implements inline.Marked: the block text [start, end) with the inline tags inside
// it as placeholders.
func (b *block) Markup(start, end int) (string, bool) {
	if b.attr != nil || len(b.tags) == 0 || start < 0 || end > len(b.text) || start >= end {
		return "", false
	}
	parts, ids := b.parts(start, end)
	if len(ids) == 0 {
		return "", false
	}
	return inline.Encode(parts), true
}
