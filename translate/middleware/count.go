package middleware

import (
	"context"
	"sync/atomic"

	"github.com/seed77ff/bitext/translate"
)

// Counts counts what reached a backend: every attempt, retries and failures included, since
// each is a request the provider sees (and may bill or count against a quota). Safe for
// concurrent use.
type Counts struct {
	requests, failed, texts, codePoints, answered atomic.Int64
}

// Answered is the number of texts in the attempts that succeeded.
func (c *Counts) Answered() int { return int(c.answered.Load()) }

// Requests is the number of attempts sent to the backend.
func (c *Counts) Requests() int { return int(c.requests.Load()) }

// Failed is the number of those attempts that returned an error.
func (c *Counts) Failed() int { return int(c.failed.Load()) }

// Texts is the number of texts those attempts carried.
func (c *Counts) Texts() int { return int(c.texts.Load()) }

// CodePoints is the number of code points of text those attempts carried.
func (c *Counts) CodePoints() int { return int(c.codePoints.Load()) }

// Count returns a middleware that counts every request reaching the next Translator into c.
// backends.Open puts it right above the backend, below retries, so each attempt counts.
func Count(c *Counts) translate.Middleware {
	return func(next translate.Translator) translate.Translator {
		return translate.Wrap(next, func(ctx context.Context, req *translate.Request) ([]translate.Translation, error) {
			l := translate.LoadOf(req.Texts...)
			c.requests.Add(1)
			c.texts.Add(int64(l.Texts))
			c.codePoints.Add(int64(l.CodePoints))
			res, err := next.Translate(ctx, req)
			if err != nil {
				c.failed.Add(1)
			} else {
				c.answered.Add(int64(len(res)))
			}
			return res, err
		})
	}
}
