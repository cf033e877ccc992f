// Package google is bitext's Google Cloud Translation v2 (Basic) backend, built on the client
// library cloud.google.com/go/translate.
//
// Register adds its record, named "google", to a translate.Registry; New builds it from a
// translate.Config. It authenticates with an API key from GOOGLE_API_KEY (or the file named by
// GOOGLE_API_KEY_FILE), else with Application Default Credentials when
// GOOGLE_APPLICATION_CREDENTIALS is set.
//
// What the backend takes care of, so that callers need not:
//
//   - Language codes: requests use Google's codes ("iw" for Hebrew) and answers are mapped back
//     to BCP 47 ("he"); see ToGoogle and FromGoogle.
//   - Format: plain text is sent with format=text, since v2 defaults to HTML and would answer
//     "it&#39;s" for "it's"; translate.HTML is sent with format=html.
//   - Request size: the library sends every string in the query of a GET, so large batches fail
//     with 413 (google-cloud-go issue 3464). The registered limits keep a request within one GET,
//     and a larger request is split into several calls whose answers are joined in order.
//   - Answers: the library accepts a short answer without error; the backend checks that there
//     is one translation per text.
//   - Errors: HTTP 429, and 403 with reason userRateLimitExceeded or rateLimitExceeded, are
//     *translate.RateLimitError; other 4xx answers (bad request, bad key, daily quota gone) are
//     translate.ErrPermanent; 5xx and transport errors may be retried. The API key never
//     appears in an error's text.
//
// Package googletest has a fake v2 server for tests.
package google
