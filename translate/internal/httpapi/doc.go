// Package httpapi holds what bitext's JSON-over-HTTP translation backends (deepl, libre,
// openai) share: endpoint validation, one request/answer round trip with a bounded body, error
// classification into translate's classes, Retry-After parsing and scrubbing secrets from error
// text. It knows nothing of any one provider; each backend decides what its status codes mean
// and calls Classify for the common cases.
package httpapi
