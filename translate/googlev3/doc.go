// Package googlev3 is bitext's Google Cloud Translation Advanced (v3) backend, built on the
// generated gRPC client cloud.google.com/go/translate/apiv3.
//
// Register adds its record, named "google-v3", to a translate.Registry; New builds it from a
// translate.Config. v3 needs a project: GOOGLE_CLOUD_PROJECT names it, and requests go to
// projects/PROJECT/locations/LOCATION with LOCATION from GOOGLE_CLOUD_LOCATION, "global" by
// default (glossaries and custom models need a region such as us-central1). Credentials are
// Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS, or the environment's).
//
// What v3 adds over v2, and how bitext uses it:
//
//   - Request size: up to 1,024 strings and 30,000 code points per request (MaxTexts,
//     MaxCodePoints); a larger request is split here and the answers joined in order.
//   - Models: --model "nmt" (the default general model) or "translation-llm" become
//     projects/…/models/general/…; any other name is a custom (AutoML) model ID of the
//     project, and a full "projects/…" path is sent as it is. See ModelPath.
//   - Glossaries: a Request.GlossaryID of the form "googlev3:<id>" or a full
//     "projects/…/glossaries/…" path is sent as the glossary_config, and the glossary
//     translations are used; bitext's own glossary digests are not v3 glossaries and are not
//     sent. See GlossaryPath. v3 creates glossaries only from a file in Cloud Storage
//     (CreateGlossary's input_config is a gcs_source), so bitext does not create one from a
//     --glossary file: the terms of such a file are checked after translation instead
//     (middleware.GlossaryQA), as for backends without glossaries.
//   - Language codes: the same as v2 ("iw" for Hebrew); see google.ToGoogle and FromGoogle.
//   - Errors: RESOURCE_EXHAUSTED is *translate.RateLimitError with the server's RetryInfo
//     delay; UNAUTHENTICATED and PERMISSION_DENIED are translate.Fatal; INVALID_ARGUMENT,
//     NOT_FOUND, FAILED_PRECONDITION and the like are permanent; UNAVAILABLE, DEADLINE_EXCEEDED,
//     INTERNAL and ABORTED may be retried.
//   - Endpoint: --endpoint names the service as host:port or https://host[:port]/; an
//     http:// endpoint (a local emulator or test server) is plaintext gRPC without credentials.
//
// Package googlev3test has a fake v3 gRPC server for tests.
package googlev3
