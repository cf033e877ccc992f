package tmx_test

import (
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/seed77ff/bitext/translate/tmx"
)

// A translation memory is read, its plain text looked up, and a unit added and written back.
func Example() {
	in := `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="he" datatype="plaintext"/>
  <body>
    <tu tuid="1"><tuv xml:lang="he"><seg>שלום <ph x="1">&lt;br/&gt;</ph>עולם</seg></tuv><tuv xml:lang="en"><seg>Hello world</seg></tuv></tu>
  </body>
</tmx>`
	f, err := tmx.Read(strings.NewReader(in))
	if err != nil {
		log.Fatal(err)
	}
	he, _ := f.Units[0].Variant("he")
	text, _ := tmx.Text(he.Seg)
	fmt.Printf("%s | %s\n", he.Seg, text)

	f.Units = append(f.Units, tmx.Unit{TUID: "2", Variants: []tmx.Variant{
		{Lang: "he", Seg: tmx.Escape("תודה & להתראות")},
		{Lang: "en", Seg: tmx.Escape("Thanks & goodbye")},
	}})
	f.Units = f.Units[1:]
	if err := tmx.Write(os.Stdout, f); err != nil {
		log.Fatal(err)
	}
	// Output:
	// שלום <ph x="1">&lt;br/&gt;</ph>עולם | שלום עולם
	// <?xml version="1.0" encoding="UTF-8"?>
	// <!DOCTYPE tmx SYSTEM "tmx14.dtd">
	// <tmx version="1.4">
	//   <header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="he" datatype="plaintext"/>
	//   <body>
	//     <tu tuid="2">
	//       <tuv xml:lang="he">
	//         <seg>תודה &amp; להתראות</seg>
	//       </tuv>
	//       <tuv xml:lang="en">
	//         <seg>Thanks &amp; goodbye</seg>
	//       </tuv>
	//     </tu>
	//   </body>
	// </tmx>
}
