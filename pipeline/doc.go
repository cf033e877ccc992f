// Package pipeline turns documents into aligned bilingual documents: read, segment,
// detect, plan, translate, align. Each stage is a plain function over *doc.Document that
// can be used alone; Process runs them all over a job of documents.
//
// The pipeline receives a detect.Detector and a translate.Translator; it never builds
// backends itself (see translate/backends), so a library user can hand it any Translator.
package pipeline
