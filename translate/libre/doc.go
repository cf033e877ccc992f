// Package libre is bitext's LibreTranslate backend, for a self-hosted server (or
// libretranslate.com with an API key): POST /translate with the texts as an array.
//
// Register adds its record, named "libre", to a translate.Registry; New builds it from a
// translate.Config. The server is --endpoint, else LIBRETRANSLATE_URL, else, when only an API
// key is set, https://libretranslate.com. The key comes from LIBRETRANSLATE_API_KEY (or the
// file named by LIBRETRANSLATE_API_KEY_FILE) and travels as api_key in the JSON body.
//
// What the backend takes care of:
//
//   - Limits: a LibreTranslate server sets its own (--char-limit, --batch-limit, both off by
//     default). New reads charLimit (and batchLimit, where a server reports it) from the
//     server's /frontend/settings and lowers the backend's limits to them; see
//     Translator.Limits. A server that refuses a request as over a limit ("request (N) exceeds
//     text limit (L)") teaches the backend that limit: the request is split and sent again.
//   - Language codes: New reads the server's /languages, and each tag is sent as the code the
//     server knows (Traditional Chinese is "zt" on servers that have it, Brazilian Portuguese
//     "pb"); answers are mapped back to BCP 47. See Code and FromLibre.
//   - Format: translate.HTML is sent with format=html, everything else with format=text.
//   - Errors: 429 ("Slowdown") is *translate.RateLimitError; 403 (a bad key, a banned client)
//     and a 400 asking for a key are translate.Fatal, so the job stops; other 400s are permanent; 5xx and transport errors may be retried. The key never
//     appears in an error.
//
// Package libretest has a fake LibreTranslate server for tests.
package libre
