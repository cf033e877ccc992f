// Package openai is bitext's backend for any OpenAI-compatible chat-completions endpoint:
// OpenAI itself, or a local server (llama.cpp, Ollama, vLLM) that speaks the same protocol.
//
// Register adds its record, named "openai", to a translate.Registry; New builds it from a
// translate.Config. The base URL (including /v1) is --endpoint, else OPENAI_BASE_URL, else
// https://api.openai.com/v1; the key comes from OPENAI_API_KEY (or the file named by
// OPENAI_API_KEY_FILE) and travels as a Bearer token; a local server may need none. The model
// (--model) is required: there is no default model that every endpoint serves.
//
// How a batch is asked, and why:
//
//   - The texts are data, never instructions. The system prompt says so and carries no text to
//     translate; the user message is one JSON object, {"segments": [{"id": 1, "text": …}, …]},
//     so a caption saying "ignore previous instructions" is a string inside the data, to be
//     translated like any other.
//   - temperature is 0, so the same request gets the same answer and answers may be cached.
//   - The answer must be a JSON object {"translations": ["…", …]}: response_format json_object
//     is sent, and dropped (once, for the life of the Translator) when a server refuses it. The
//     answer is parsed defensively (code fences, prose around the JSON, a bare array, items as
//     {"id", "text"} objects whose ids must run 1..N); see Parse.
//   - Count and order are verified. A batch whose answer has the wrong count, cannot be
//     parsed, or was cut off (finish_reason "length") is split in halves and each half asked
//     again, down to single texts; a single text that still fails is an error. A refusal is an
//     error, never a translation.
//   - Glossary: the terms of Request.Glossary whose source term occurs in the texts of a call
//     (glossary.Matching) go in the user message as "glossary": [{"source", "target"}], data
//     like the texts; the system prompt asks for the target terms. Other terms are not sent.
//   - PromptVersion names the prompt. Translation.Model is "<model>@<PromptVersion>", so that a
//     new prompt is visible in provenance; a cache keyed on the request's Model must add
//     PromptVersion to its key (CacheNamespace does) to drop answers to an older prompt.
//   - Errors: 429 is *translate.RateLimitError with Retry-After (or retry-after-ms), except
//     429 "insufficient_quota", which is ErrQuotaExceeded; 401 and 403 are ErrAuth; both are
//     translate.Fatal, so the job stops; other 4xx are permanent; 5xx and transport errors may be retried. The key never appears
//     in an error.
//
// Package openaitest has a fake chat-completions server for tests.
package openai
