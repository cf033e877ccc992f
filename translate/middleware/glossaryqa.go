package middleware

import (
	"context"
	"strings"

	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/glossary"
)

// QAGlossaryPrefix starts the QA flag of a glossary term a translation did not use:
// "glossary:<source term>".
const QAGlossaryPrefix = "glossary:"

// GlossaryQA returns a middleware that enforces Request.Glossary after translation, for
// backends that cannot apply a glossary themselves (Google v2, LibreTranslate, Apertium, and
// Google v3 without a glossary resource): for each text in which a source term occurs
// (glossary.Matches: whole words, any case) while its target term does not occur in the
// translation, it adds the flag "glossary:<source term>" to Translation.QA. The flag marks
// the text for review; it never fails it (translate.QAFailed ignores it), since a backend
// may have used an inflected or equally good form.
//
// It is a middleware of its own rather than part of QA's Check because it needs the
// request's glossary, which Check's (source, answer, languages) do not carry, and because
// backends.Open leaves it out for backends that apply the glossary themselves
// (translate.Backend.AppliesGlossary). Like QA it sits above the cache, so that answers
// served from the cache are flagged exactly as fresh ones.
func GlossaryQA() translate.Middleware {
	return func(next translate.Translator) translate.Translator {
		return translate.Wrap(next, func(ctx context.Context, req *translate.Request) ([]translate.Translation, error) {
			res, err := next.Translate(ctx, req)
			if err != nil || len(req.Glossary) == 0 {
				return res, err
			}
			if err := translate.CheckCount("glossary qa", len(req.Texts), len(res)); err != nil {
				return nil, err
			}
			out := make([]translate.Translation, len(res))
			for i, tr := range res {
				if strings.TrimSpace(tr.Text) != "" {
					if miss := glossary.Missing(req.Glossary, req.Texts[i], tr.Text); len(miss) > 0 {
						qa := append([]string(nil), tr.QA...)
						for _, t := range miss {
							qa = append(qa, QAGlossaryPrefix+t.Source)
						}
						tr.QA = qa
					}
				}
				out[i] = tr
			}
			return out, nil
		})
	}
}
