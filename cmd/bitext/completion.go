package main

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"
)

// Shell completion: the scripts ask the binary itself (urfave/cli's
// --generate-bash-completion), so they follow its commands and flags without being rewritten.
const (
	bashCompletion = `# bash completion for bitext: source <(bitext completion bash)
_bitext_complete() {
	local cur="${COMP_WORDS[COMP_CWORD]}"
	local words=("${COMP_WORDS[@]:0:COMP_CWORD}")
	local opts
	if [[ "$cur" == -* ]]; then
		opts=$("${words[0]}" "${words[@]:1}" "$cur" --generate-bash-completion 2>/dev/null)
	else
		opts=$("${words[0]}" "${words[@]:1}" --generate-bash-completion 2>/dev/null)
	fi
	COMPREPLY=($(compgen -W "${opts}" -- "$cur"))
	return 0
}
complete -o bashdefault -o default -F _bitext_complete bitext
`
	zshCompletion = `#compdef bitext
# zsh completion for bitext: source <(bitext completion zsh), or save as _bitext in $fpath
_bitext() {
	local -a opts
	local cur=${words[-1]}
	if [[ "$cur" == -* ]]; then
		opts=("${(@f)$(${words[1,-2]} "$cur" --generate-bash-completion 2>/dev/null)}")
	else
		opts=("${(@f)$(${words[1,-2]} --generate-bash-completion 2>/dev/null)}")
	fi
	if [[ -n "${opts[1]}" ]]; then
		_describe 'values' opts
	else
		_files
	fi
}
compdef _bitext bitext
`
)

func completionCommand(e env) *cli.Command {
	return &cli.Command{
		Name:      "completion",
		Usage:     "print a shell completion script: bitext completion bash|zsh|fish",
		UsageText: "source <(bitext completion bash)   # or zsh; fish: bitext completion fish | source",
		Action: func(c *cli.Context) error {
			if c.Args().Len() != 1 {
				return usageError("completion: want one shell: bash, zsh or fish")
			}
			switch sh := c.Args().First(); sh {
			case "bash":
				fmt.Fprint(e.stdout, bashCompletion)
			case "zsh":
				fmt.Fprint(e.stdout, zshCompletion)
			case "fish":
				s, err := c.App.ToFishCompletion()
				if err != nil {
					return fmt.Errorf("completion fish: %w", err)
				}
				fmt.Fprint(e.stdout, strings.TrimSpace(s)+"\n")
			default:
				return usageError("completion: unknown shell %q: want bash, zsh or fish", sh)
			}
			return nil
		},
	}
}
