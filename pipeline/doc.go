// Package pipeline turns documents into aligned bilingual documents: read, segment,
// detect, plan, translate, align. Each stage is a plain function over *doc.Document that
// can be used alone; Process runs them all over a job of documents.
//
// The pipeline receives a detect.Detector and a translate.Translator; it never builds
// backends itself (see translate/backends), so a library user can hand it any Translator.
//
// Job is the whole of what `bitext translate` runs, for Go programs: NewJob takes
// JobOptions (target language, Translator, output format and directory…) and validates
// them once; TranslateDocument and TranslateReader translate one document; Run takes a
// batch of Inputs (Walk finds them in directories, with include and exclude globs) as one
// job, so a text met in many documents is sent once, and hands each finished document to
// a callback as it is written (atomically: WriteFileAtomic); Estimate is the dry run,
// counting what would be sent and what it would cost, without calling the backend. Every
// call takes a context.Context and stops when it is done.
package pipeline
