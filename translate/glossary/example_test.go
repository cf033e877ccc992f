package glossary_test

import (
	"fmt"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/translate/glossary"
)

func Example() {
	g, err := glossary.Parse("terms.tsv", []byte("# Hebrew → English\nhe\ten\nעזה\tGaza City\nמסגד\tmosque\n"))
	if err != nil {
		fmt.Println(err)
		return
	}
	terms := g.For(language.Hebrew, language.English)
	fmt.Println(len(terms), "terms, digest", len(g.Digest()), "hex digits")
	fmt.Println(glossary.Matching(terms, "תקיפה ליד מסגד"))
	fmt.Println(glossary.Missing(terms, "תקיפה ליד מסגד", "A strike near a masjid"))

	_, err = glossary.Parse("terms.tsv", []byte("עזה\tGaza\nעזה\tGaza City\n"))
	fmt.Println(err)
	// Output:
	// 2 terms, digest 16 hex digits
	// [{מסגד mosque}]
	// [{מסגד mosque}]
	// glossary terms.tsv:2: source term "עזה" is already defined on line 1
}
