package markdown

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/pipeline/format"
)

func nestedList(depth int, marker func(i int) string, step func(i int) string) string {
	var b strings.Builder
	pad := ""
	for i := range depth {
		m := marker(i)
		fmt.Fprintf(&b, "%s%s item %d\n", pad, m, i)
		pad += step(i)
	}
	return b.String()
}

func TestCheckNesting(t *testing.T) {
	dash := func(int) string { return "-" }
	two := func(int) string { return "  " }
	numbered := func(i int) string { return fmt.Sprintf("%d.", i+1) }
	width := func(i int) string { return strings.Repeat(" ", len(fmt.Sprintf("%d.", i+1))+1) }
	tab := func(int) string { return "\t" }
	for _, tt := range []struct {
		name string
		src  string
		line int // 0: accepted
	}{
		{"list at the limit", nestedList(format.MaxDepth, dash, two), 0},
		{"list one too deep", nestedList(format.MaxDepth+1, dash, two), format.MaxDepth + 1},
		{"ordered list too deep", nestedList(2000, numbered, width), format.MaxDepth + 1},
		{"tabs", nestedList(1500, dash, tab), format.MaxDepth + 1},
		{"quotes at the limit", strings.Repeat(">", format.MaxDepth) + " x\n", 0},
		{"quotes on one line", "intro\n\n" + strings.Repeat("> ", 1001) + "x\n", 3},
		{"markers on one line", strings.Repeat("- ", 1001) + "x\n", 1},
		{"a long flat list", strings.Repeat("- item\n", 50_000), 0},
		{"indented flat text", strings.Repeat("    code\n", 50_000) + strings.Repeat(" ", 5000) + "far right\n", 0},
		{"dashes that are not markers", strings.Repeat("-", 5000) + "\n" + strings.Repeat("-x ", 3000) + "\n", 0},
		{"a list closed by a dedent, then another", nestedList(900, dash, two) + "\nback to the margin\n\n" + nestedList(900, dash, two), 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := checkNesting("n.md", tt.src, 1)
			if tt.line == 0 {
				assert.NoError(t, err)
				return
			}
			var de *format.DepthError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, tt.line, de.Line)
			assert.Equal(t, "n.md", de.File)
		})
	}
}

// Read refuses the nesting before goldmark sees it, with the line counted from the top of
// the file, front matter included.
func TestReadRefusesDeepNesting(t *testing.T) {
	src := "---\ntitle: x\n---\n" + nestedList(1200, func(int) string { return "*" }, func(int) string { return "  " })
	_, err := Read("deep.md", format.Input{Raw: []byte(src), Text: src})
	var de *format.DepthError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, 3+format.MaxDepth+1, de.Line)
	assert.Equal(t, "line 1004: list items and block quotes nested deeper than 1000 levels", err.Error())
}
