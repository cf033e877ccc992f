package format

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCheckXMLDepth(t *testing.T) {
	ok := "<tt>\n" + strings.Repeat("<span>", MaxDepth-1) + "x" + strings.Repeat("</span>", MaxDepth-1) + "</tt>"
	assert.NoError(t, CheckXMLDepth("ok.ttml", strings.NewReader(ok)))

	deep := "<?xml version=\"1.0\"?>\n<tt>\n<body>\n" + strings.Repeat("<span>\n", 3000) + "x"
	err := CheckXMLDepth("deep.ttml", strings.NewReader(deep))
	var de *DepthError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, "deep.ttml", de.File)
	assert.Equal(t, MaxDepth+2, de.Line, "the line of the element that went one level too deep")
	assert.Equal(t, "line 1002: elements nested deeper than 1000 levels", err.Error())

	// Siblings do not add up.
	wide := "<tt>" + strings.Repeat("<p>x</p>", 5000) + "</tt>"
	assert.NoError(t, CheckXMLDepth("wide.ttml", strings.NewReader(wide)))
	assert.NoError(t, CheckXMLDepth("broken.ttml", strings.NewReader("<tt><p></q>")), "syntax errors are the reader's to report")
}

func TestLineAt(t *testing.T) {
	assert.Equal(t, 1, LineAt("abc", 1))
	assert.Equal(t, 3, LineAt("a\nb\nc", 4))
	assert.Equal(t, 3, LineAt("a\nb\nc", 99))
}
