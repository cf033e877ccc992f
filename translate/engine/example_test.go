package engine_test

import (
	"context"
	"fmt"
	"strings"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/engine"
)

// Example opens an engine over a registry of one backend and translates with it. A real
// program passes backends.Default(), the registry of every backend bitext has.
func Example() {
	var reg translate.Registry
	reg.Register(translate.Backend{
		Name: "shout", Limits: translate.Limits{Texts: 50}, AutoRank: 1,
		Configured: func(translate.Config) bool { return true },
		New: func(context.Context, translate.Config) (translate.Translator, error) {
			return translate.Func(func(_ context.Context, req *translate.Request) ([]translate.Translation, error) {
				out := make([]translate.Translation, len(req.Texts))
				for i, t := range req.Texts {
					out[i] = translate.Translation{Text: strings.ToUpper(t)}
				}
				return out, nil
			}), nil
		},
	})
	eng, err := engine.Open(context.Background(), &reg, engine.Spec{Cache: engine.CacheOff, MaxRequests: 2})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer eng.Close()
	res, err := eng.Translate(context.Background(), &translate.Request{
		Texts: []string{"bonjour", "merci"}, Source: language.French, Target: language.English})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(eng.Name(), eng.Limits().Texts, eng.Limits().InFlight)
	fmt.Println(res[0].Text, res[1].Text)
	// Output:
	// shout 50 2
	// BONJOUR MERCI
}
