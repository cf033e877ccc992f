package deepl

import (
	"strings"

	"golang.org/x/text/language"
)

// englishGB lists the regions whose English DeepL's EN-GB serves better than EN-US.
var englishGB = map[string]bool{"GB": true, "IE": true, "AU": true, "NZ": true, "ZA": true, "IN": true}

// Target returns DeepL's target_lang for t (https://developers.deepl.com/docs/api-reference/languages):
// English and Portuguese need a variant, since plain "EN" and "PT" are deprecated as targets:
// en-GB (and en in IE, AU, NZ, ZA, IN) gives "EN-GB", other English "EN-US"; pt-PT (and pt
// outside Brazil, when a region is given) gives "PT-PT", other Portuguese "PT-BR". Chinese gives
// "ZH-HANT" for Traditional (zh-Hant, zh-TW, zh-HK) and "ZH-HANS" otherwise; Norwegian
// (no, nb, nn) gives "NB". Everything else is its base language in upper case ("HE", "DE").
// It returns "" for language.Und.
func Target(t language.Tag) string {
	if t == language.Und {
		return ""
	}
	base, _ := t.Base()
	region, conf := t.Region()
	explicit := conf == language.Exact
	switch base.String() {
	case "en":
		if explicit && englishGB[region.String()] {
			return "EN-GB"
		}
		return "EN-US"
	case "pt":
		if explicit && region.String() != "BR" {
			return "PT-PT"
		}
		return "PT-BR"
	case "zh":
		if script, _ := t.Script(); script.String() == "Hant" {
			return "ZH-HANT"
		}
		return "ZH-HANS"
	}
	return Source(t)
}

// Source returns DeepL's source_lang for t: its base language in upper case ("HE", "EN",
// "ZH"), "NB" for Norwegian, and "" for language.Und (DeepL then detects the language).
func Source(t language.Tag) string {
	if t == language.Und {
		return ""
	}
	base, _ := t.Base()
	b := base.String()
	if b == "no" || b == "nn" {
		b = "nb" // DeepL has one Norwegian, Bokmål.
	}
	return strings.ToUpper(b)
}

// FromDeepL returns the BCP 47 tag for a code DeepL answered ("HE" gives he, "EN-GB" en-GB,
// "ZH-HANS" zh-Hans, "NB" nb). It returns language.Und for "" and an error for a code that is
// not a tag.
func FromDeepL(code string) (language.Tag, error) {
	if code == "" {
		return language.Und, nil
	}
	return language.Parse(code) // case-insensitive: "ZH-HANS" parses as zh-Hans
}
