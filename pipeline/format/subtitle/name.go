package subtitle

import (
	"path/filepath"
	"strings"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/pipeline/format"
)

// OutputName names merged subtitles the way players find them beside a video: clip.srt
// translated into English is clip.en.srt (replace) or clip.bilingual.en.srt (bilingual). A
// language code the name already ends in is dropped first (clip.he.srt → clip.en.srt); only
// two-letter codes, with an optional region or script (pt-BR), count, so that a name such as
// part.one.srt keeps its "one".
func OutputName(name string, mode format.MergeMode, target language.Tag) string {
	ext := filepath.Ext(name)
	base := strings.TrimSuffix(name, ext)
	if i := strings.LastIndexByte(base, '.'); i > 0 && isLangCode(base[i+1:]) {
		base = base[:i]
	}
	if mode == format.MergeBilingual {
		base += ".bilingual"
	}
	return base + "." + target.String() + ext
}

// isLangCode reports a two-letter ISO 639-1 code, alone or with a region or script subtag.
func isLangCode(s string) bool {
	lang, rest, _ := strings.Cut(s, "-")
	if len(lang) != 2 || strings.ToLower(lang) != lang {
		return false
	}
	if _, err := language.ParseBase(lang); err != nil {
		return false
	}
	if rest == "" {
		return true
	}
	_, err := language.Parse(s)
	return err == nil && len(rest) <= 4
}
