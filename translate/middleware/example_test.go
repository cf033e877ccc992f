package middleware_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/middleware"
	"github.com/seed77ff/bitext/translate/translatetest"
)

// A backend that is busy once and then echoes one text back untranslated: Retry waits out
// the 429 (on a fake clock here), Split keeps requests to two texts, and QA flags the echo.
func Example() {
	backend := &translatetest.Fake{
		FailFn: func(n int, _ *translate.Request) error {
			if n == 1 {
				return &translate.RateLimitError{RetryAfter: 3 * time.Second, Err: errors.New("429")}
			}
			return nil
		},
		TranslateFn: func(text string, _, _ language.Tag) string {
			return map[string]string{"שלום": "Hello", "עולם": "World"}[text] // "ירושלים" comes back empty
		},
	}
	clock := translatetest.NewClock()
	tr := translate.Chain(backend,
		middleware.QA(),
		middleware.Split(translate.Limits{Texts: 2}),
		middleware.Retry(middleware.RetryOptions{Clock: clock}),
		middleware.InFlight(4),
	)
	got, err := tr.Translate(context.Background(), &translate.Request{
		Texts: []string{"שלום", "עולם", "ירושלים"}, Source: language.Hebrew, Target: language.English,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, t := range got {
		fmt.Printf("%q %v\n", t.Text, t.QA)
	}
	fmt.Println("requests:", backend.RequestCount(), "waited:", clock.Now().Sub(translatetest.NewClock().Now()) >= 3*time.Second)
	// Output:
	// "Hello" []
	// "World" []
	// "" [empty]
	// requests: 3 waited: true
}
