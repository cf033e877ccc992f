// Package deepl is bitext's DeepL API backend: a small net/http client for POST /v2/translate
// (no DeepL Go client is served by the module proxy here).
//
// Register adds its record, named "deepl", to a translate.Registry; New builds it from a
// translate.Config. The key comes from DEEPL_AUTH_KEY (or the file named by
// DEEPL_AUTH_KEY_FILE) and travels in the Authorization header ("DeepL-Auth-Key KEY"), never
// in a URL. The server is --endpoint, else DEEPL_URL, else api-free.deepl.com for free keys
// (those ending in ":fx") and api.deepl.com for the others.
//
// What the backend takes care of:
//
//   - Language codes: targets need a variant where DeepL has one (EN-US/EN-GB, PT-BR/PT-PT,
//     ZH-HANS/ZH-HANT); sources are bare uppercase codes; answers ("HE", "EN") are mapped back
//     to BCP 47. See Target, Source and FromDeepL.
//   - Request size: DeepL takes at most 50 texts and a 128 KiB body per request. A larger
//     request is split, by measured body size, into as many calls as it needs.
//   - Sentences: bitext sends one sentence per text, so plain text goes with split_sentences=0
//     (DeepL's advice for pre-segmented input: the engine will not split a sentence at an
//     abbreviation bitext already knew was none); HTML goes with tag_handling=html and
//     split_sentences=nonewlines, DeepL's default for HTML, since a fragment may hold several
//     sentences.
//   - Context: Request.Context is DeepL's free context parameter (one string per request; the
//     pipeline groups texts by context).
//   - Glossaries: a Request.GlossaryID of the form "deepl:<id>", or a bare DeepL glossary ID (a
//     UUID), is sent as glossary_id; DeepL then requires a source language. A request with
//     terms (Request.Glossary, from --glossary FILE, GlossaryID its digest) gets a DeepL
//     glossary made of them: the account's glossaries are listed (GET /v2/glossaries) for one
//     named "bitext <digest> <src>-<tgt>" (GlossaryName) with as many entries, else one is
//     created (POST /v2/glossaries, entries_format=tsv), polled until ready, and its ID sent
//     as glossary_id — once per (digest, language pair) per process, concurrent requests
//     waiting for the first. Glossaries are immutable and named by their terms' digest, so a
//     changed glossary gets a new one; bitext never deletes glossaries (old ones stay in the
//     account, which holds at most 1,000).
//   - Errors: 429 (and 529, "too many requests" under load) are *translate.RateLimitError with
//     Retry-After; 456 is ErrQuotaExceeded and 403 ErrAuth, both translate.Fatal (every later
//     request would fail the same way, so the job stops); other 4xx are permanent; 5xx and transport errors may be retried. The key never appears in an error.
//
// Package deepltest has a fake DeepL server for tests.
package deepl
