package google

import (
	"golang.org/x/text/language"
)

// Google's language codes that differ from the BCP 47 tags bitext uses.
//
// Source: Cloud Translation "Language support" (https://cloud.google.com/translate/docs/languages),
// which lists Hebrew as "he or iw", Javanese as "jv or jw", Filipino (Tagalog) as "fil or tl",
// Chinese (Simplified) as "zh-CN or zh", Chinese (Traditional) as "zh-TW" and Norwegian as "no".
//
// Requests use the older code of each pair: v2 has accepted those since it started and still
// answers with them (detectedSourceLanguage is "iw" for Hebrew), so they work with every v2
// deployment and with fakes written from the v2 reference; the newer codes are not accepted
// everywhere the older ones are.
var toGoogle = map[string]string{
	"he":  "iw",
	"jv":  "jw",
	"fil": "tl",
	"nb":  "no", // Google has one Norwegian, "no"; x/text keeps Bokmål apart.
}

// fromGoogle is the other direction. Only "no" is missing: it is a valid BCP 47 tag of its own.
var fromGoogle = map[string]string{
	"iw":    "he",
	"jw":    "jv",
	"tl":    "fil",
	"zh-CN": "zh-Hans",
	"zh-TW": "zh-Hant",
}

// ToGoogle returns the code Google v2 expects for t: "iw" for Hebrew, "jw" for Javanese, "tl" for
// Filipino, "no" for Norwegian Bokmål, "zh-CN" or "zh-TW" for Chinese by script (zh-Hant, zh-TW
// and zh-HK give "zh-TW"; everything else Chinese gives "zh-CN"), and t.String() otherwise.
// A region on a remapped language is dropped ("he-IL" gives "iw"). It returns "" for language.Und.
func ToGoogle(t language.Tag) string {
	if t == language.Und {
		return ""
	}
	base, _ := t.Base()
	if base.String() == "zh" {
		// Script infers Hant for zh-TW, zh-HK and zh-MO, Hans for plain zh and zh-CN.
		if script, _ := t.Script(); script.String() == "Hant" {
			return "zh-TW"
		}
		return "zh-CN"
	}
	if g, ok := toGoogle[base.String()]; ok {
		return g
	}
	return t.String()
}

// FromGoogle returns the BCP 47 tag for a language code Google answered: "he" for "iw", "jv" for
// "jw", "fil" for "tl", "zh-Hans" for "zh-CN", "zh-Hant" for "zh-TW", and the parsed code
// otherwise. It returns language.Und for "" and an error for a code that is not a tag.
func FromGoogle(code string) (language.Tag, error) {
	if code == "" {
		return language.Und, nil
	}
	if b, ok := fromGoogle[code]; ok {
		code = b
	}
	return language.Parse(code)
}
