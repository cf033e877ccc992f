// Package translatetest helps test translation backends and middleware: Run is the
// conformance suite every translate.Translator must pass (rclone's fstests, for
// translators), backends on their own and middleware around a Fake whose FailFn is FailOn
// (Options.WithFakeErrors); Fake is a configurable in-process backend (latency, a bound on requests in
// flight answered with 429, injected failures, limits) that records what it was sent; and
// FaultProxy sits in front of any HTTP backend's server and injects the faults networks and
// providers produce (429 with Retry-After, 5xx, connection resets, truncated or malformed
// JSON, slow answers), so that a real client library meets them.
package translatetest
