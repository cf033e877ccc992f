package html_test

import (
	"fmt"

	"github.com/seed77ff/bitext/pipeline/format/html"
)

// Reading a page: the article's blocks, without the navigation, the script or the footer.
func Example() {
	page := []byte(`<!doctype html><html><head><script>track()</script></head><body>
<nav><a href="/">Home</a></nav>
<article><h1>Talks resume</h1>
<p>Negotiators met again on <em>Monday</em> &amp; Tuesday.</p>
<figure><img src="a.jpg" alt="המשא ומתן"><figcaption>The talks <span class="credit">(Photo: AP)</span></figcaption></figure>
</article><footer>&copy; News</footer></body></html>`)
	in, err := html.Decode(page)
	if err != nil {
		panic(err)
	}
	d, err := html.Read("page.html", in)
	if err != nil {
		panic(err)
	}
	for _, b := range d.Blocks {
		fmt.Printf("%s: %s\n", b.Kind, b.Text)
	}
	// Output:
	// title: Talks resume
	// paragraph: Negotiators met again on Monday & Tuesday.
	// caption: המשא ומתן
	// caption: The talks
	// credit: (Photo: AP)
}
