// Package google is bitext's Google Cloud Translation v2 (Basic) backend, built on the
// generated client google.golang.org/api/translate/v2 (the family of cloud.google.com/go/translate,
// with the same option.WithEndpoint and credentials).
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
//   - Request size: requests are POSTs with a JSON body (Translations.Translate), filled to
//     Google's own limits, 128 strings and about 100K bytes. cloud.google.com/go/translate's
//     Client.Translate sends every string in the query of a GET instead, so large batches fail
//     with 413 (google-cloud-go issue 3464); see MaxBytes for the measurement. A request over
//     the limits is split into several calls whose answers are joined in order.
//   - Answers: the client accepts a short answer without error; the backend checks that there
//     is one translation per text.
//   - Errors: HTTP 429, and 403 with reason userRateLimitExceeded or rateLimitExceeded, are
//     *translate.RateLimitError; a bad key, the daily quota gone, 401 and other 403s are
//     translate.Fatal (the job stops); other 4xx answers (a bad request) are
//     translate.ErrPermanent; 5xx and transport errors may be retried. The API key never
//     appears in an error's text.
//
// Package googletest has a fake v2 server for tests.
package google
