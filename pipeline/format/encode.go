package format

import (
	"unicode/utf16"
)

// Encode returns text in the encoding in was read from, so that a writer that copies the
// input (merged output) gives back the same bytes: the BOM Decode skipped is put back, and
// UTF-16 input is written as UTF-16 of the same byte order.
func Encode(in Input, text string) []byte {
	if in.Base >= 0 {
		return append(append([]byte(nil), in.Raw[:in.Base]...), text...)
	}
	units := utf16.Encode([]rune(text))
	out := make([]byte, 0, 2+2*len(units))
	big := len(in.Raw) >= 2 && in.Raw[0] == 0xFE
	if big {
		out = append(out, 0xFE, 0xFF)
	} else {
		out = append(out, 0xFF, 0xFE)
	}
	for _, u := range units {
		if big {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	return out
}
