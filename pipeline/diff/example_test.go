package diff_test

import (
	"log"
	"os"
	"strings"

	"github.com/seed77ff/bitext/pipeline/diff"
)

// Two runs of `bitext translate --format jsonl` over one article: the second used another
// model, and the editors had changed a caption in between.
const (
	oldRun = `{"file":"a.txt","block":0,"kind":"caption","id":"aaaaaaaaaaaaaaaa","text":"תקיפה ליד מסגד","lang":"he","confidence":0.99,"translation":{"text":"Strike near a mosque","origin":"mt","backend":"google","model":"nmt","reason":null,"qa":[]},"counterpart":null}
{"file":"a.txt","block":1,"kind":"caption","id":"bbbbbbbbbbbbbbbb","text":"עידן אלכסנדר","lang":"he","confidence":0.99,"translation":{"text":"Edan Alexander","origin":"mt","backend":"google","model":"nmt","reason":null,"qa":[]},"counterpart":null}
`
	newRun = `{"file":"a.txt","block":0,"kind":"caption","id":"aaaaaaaaaaaaaaaa","text":"תקיפה ליד מסגד","lang":"he","confidence":0.99,"translation":{"text":"A strike near a mosque","origin":"mt","backend":"google","model":"base","reason":null,"qa":[]},"counterpart":null}
{"file":"a.txt","block":1,"kind":"caption","id":"cccccccccccccccc","text":"עידן אלכסנדר ועומר נאוטרה","lang":"he","confidence":0.99,"translation":{"text":"Edan Alexander and Omer Neutra","origin":"mt","backend":"google","model":"base","reason":null,"qa":[]},"counterpart":null}
`
)

// Compare two translate outputs and show what changed and why.
func Example() {
	old, err := diff.Read(strings.NewReader(oldRun))
	if err != nil {
		log.Fatal(err)
	}
	latest, err := diff.Read(strings.NewReader(newRun))
	if err != nil {
		log.Fatal(err)
	}
	changes := diff.Compare(old, latest)
	if err := diff.WriteText(os.Stdout, changes, diff.TextOptions{}); err != nil {
		log.Fatal(err)
	}
	// Output:
	// a.txt
	// ~ aaaaaaaaaaaaaaaa block 0 (model nmt → base)
	//     he    תקיפה ליד מסגד
	//     →     [-Strike -]{+A strike +}near a mosque
	// ~ cccccccccccccccc block 1 (source; model nmt → base)
	//     he    עידן אלכסנדר{+ ועומר נאוטרה+}
	//     →     Edan Alexander{+ and Omer Neutra+}
	// 2 changed, 0 added, 0 removed
}
