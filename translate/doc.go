// Package translate defines what bitext asks of a machine-translation backend: the
// Translator interface, its Request and Translation, the Middleware that wraps any
// backend, and the Registry of backend records.
//
// Backends live in their own packages (translate/google, …) and import this one; this
// package imports none of them. translate/backends.Default registers them all.
// It depends on the standard library and golang.org/x/text only.
package translate
