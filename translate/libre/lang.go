package libre

import (
	"golang.org/x/text/language"
)

// candidates lists, for tags whose code differs between LibreTranslate versions, the codes to
// try in order; the first one the server lists wins. Argos Translate, under LibreTranslate,
// names Traditional Chinese "zt" and Brazilian Portuguese "pb"; newer servers also list
// "zh-Hant" and "pt-BR".
func candidates(t language.Tag) []string {
	base, _ := t.Base()
	switch base.String() {
	case "zh":
		if script, _ := t.Script(); script.String() == "Hant" {
			return []string{"zt", "zh-Hant", "zh-TW", "zh"}
		}
		return []string{"zh", "zh-Hans", "zh-CN"}
	case "pt":
		if region, conf := t.Region(); conf == language.Exact && region.String() == "BR" {
			return []string{"pb", "pt-BR", "pt"}
		}
		return []string{"pt"}
	case "no", "nn":
		return []string{"nb", "no"}
	case "he":
		return []string{"he", "iw"}
	}
	return []string{base.String()}
}

// Code returns the code to send for t: the first of its candidate codes that supported holds,
// or, when supported is nil (the server's list is unknown) or holds none, the first candidate
// ("zt" for Traditional Chinese, the base language otherwise; "pt" for Portuguese of Brazil,
// which every server knows). It returns "auto" for language.Und, LibreTranslate's "detect it".
func Code(t language.Tag, supported map[string]bool) string {
	if t == language.Und {
		return "auto"
	}
	c := candidates(t)
	for _, code := range c {
		if supported[code] {
			return code
		}
	}
	if len(c) > 1 && c[len(c)-1] == "pt" {
		return "pt"
	}
	return c[0]
}

// fromLibre maps LibreTranslate's own codes to BCP 47.
var fromLibre = map[string]string{
	"zt": "zh-Hant",
	"pb": "pt-BR",
	"iw": "he",
}

// FromLibre returns the BCP 47 tag for a code LibreTranslate answered: "zt" gives zh-Hant,
// "pb" pt-BR, "iw" he, anything else is parsed. "" and "auto" give language.Und; a code that is
// not a tag is an error.
func FromLibre(code string) (language.Tag, error) {
	if code == "" || code == "auto" {
		return language.Und, nil
	}
	if b, ok := fromLibre[code]; ok {
		code = b
	}
	return language.Parse(code)
}
