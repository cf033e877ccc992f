// Package segment splits block text into sentences, keeping byte offsets.
//
// Sentences and Split return half-open byte spans into the text they are given, trimmed of
// surrounding whitespace, in order, never overlapping, and together covering every non-space
// byte: the text is never rewritten, so offsets stay valid for the input file.
//
// A sentence ends at a terminal mark ('.', '!', '?', '…', and the full stops and question
// marks of other scripts: 。！？ ؟ ۔ । ॥ ։ ። ፧ ။), with any closing quotes and brackets,
// when what follows can start a sentence. The rules are those of the pragmatic_segmenter
// "Golden Rules" (testdata/sbd): abbreviations per language (titles such as "Dr." never end a
// sentence, "co." does only before a word that usually starts one), initials and
// initialisms ("J. Smith", "U.S."), numbers and decimals, ellipses (". . ." and "…"),
// quotations (closing quotes stay with their sentence) and parentheses (a full stop inside
// a short bracket pair does not end the outer sentence), numbered, lettered and bulleted lists, URLs and e-mail addresses,
// double punctuation ("?!"), German ordinal dates ("12. Juni"), the Greek question mark
// (';'), Armenian ':' and the Arabic comma rule.
//
// Language matters: Options.Lang selects a language's abbreviations and punctuation. With
// an undetermined language (the default, used before language detection has run) the
// script around each candidate boundary decides the punctuation, and a conservative
// multilingual abbreviation list is used.
package segment
