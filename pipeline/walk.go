package pipeline

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/seed77ff/bitext/pipeline/format"
)

// Input is one document to read: a file, or a reader such as stdin.
type Input struct {
	// Path is the file name as given or found by Walk; "-" is stdin.
	Path string
	// Rel is the path relative to the root it was found under, slash-separated; OutputPath
	// mirrors it under an output directory. For a file named directly it is the base name.
	Rel string
	// Reader, if not nil, is read instead of the file at Path (stdin, a request body).
	Reader io.Reader
}

// WalkOptions say which files Walk takes from directories.
type WalkOptions struct {
	// Formats decides, by extension, which files a directory walk takes when Include is empty.
	Formats *format.Registry
	// Include, if not empty, takes only files matching one of these globs, whatever their
	// extension. Exclude skips files, and whole directories, matching one of its globs.
	// A glob without a slash matches a base name ("*.srt"); one with a slash matches the path
	// relative to the walked directory ("news/2025/*.txt"), where "**" matches any number of
	// directories ("news/**/*.html"). Files named directly are always taken.
	Include, Exclude []string
}

// ValidateGlobs reports the first malformed pattern in globs.
func ValidateGlobs(globs []string) error {
	for _, g := range globs {
		if _, err := path.Match(strings.ReplaceAll(g, "**", "*"), ""); err != nil {
			return fmt.Errorf("glob %q: %w", g, err)
		}
	}
	return nil
}

// Walk expands paths into inputs: a file or "-" is taken as it is; a directory is walked
// (hidden directories such as .git are skipped) for the files that o selects, in lexical
// order. Errors name the path that failed; the walk goes on past them.
func Walk(paths []string, o WalkOptions) ([]Input, []error) {
	var (
		ins  []Input
		errs []error
	)
	add := func(in Input) { ins = append(ins, in) }
	for _, p := range paths {
		if p == "-" {
			add(Input{Path: "-", Rel: "stdin"})
			continue
		}
		st, err := os.Stat(p)
		if err != nil || !st.IsDir() {
			add(Input{Path: p, Rel: filepath.Base(p)}) // a missing file is reported when it is read
			continue
		}
		err = filepath.WalkDir(p, func(name string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, fmt.Errorf("read %s: %w", name, err))
				return nil
			}
			rel, _ := filepath.Rel(p, name)
			rel = filepath.ToSlash(rel)
			if d.IsDir() {
				if name != p && (strings.HasPrefix(d.Name(), ".") || matchAny(o.Exclude, rel)) {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.Type().IsRegular() || matchAny(o.Exclude, rel) {
				return nil
			}
			switch {
			case len(o.Include) > 0:
				if !matchAny(o.Include, rel) {
					return nil
				}
			case o.Formats == nil || !o.Formats.Claims(name):
				return nil
			}
			add(Input{Path: name, Rel: rel})
			return nil
		})
		if err != nil {
			errs = append(errs, fmt.Errorf("read %s: %w", p, err))
		}
	}
	return ins, errs
}

// matchAny reports whether rel (slash-separated) matches one of globs; see WalkOptions.
func matchAny(globs []string, rel string) bool {
	for _, g := range globs {
		if !strings.Contains(g, "/") {
			if ok, _ := path.Match(g, path.Base(rel)); ok {
				return true
			}
			continue
		}
		if matchParts(strings.Split(strings.Trim(g, "/"), "/"), strings.Split(rel, "/")) {
			return true
		}
	}
	return false
}

// matchParts matches path elements against glob elements, "**" standing for any number of
// elements, zero included.
func matchParts(glob, parts []string) bool {
	for len(glob) > 0 {
		if glob[0] == "**" {
			for i := 0; i <= len(parts); i++ {
				if matchParts(glob[1:], parts[i:]) {
					return true
				}
			}
			return false
		}
		if len(parts) == 0 {
			return false
		}
		if ok, _ := path.Match(glob[0], parts[0]); !ok {
			return false
		}
		glob, parts = glob[1:], parts[1:]
	}
	return len(parts) == 0
}

// OutputPath is where an input's output goes under dir: its Rel with ext appended (the
// renderer's extension; "" keeps the input's own name, as merged output does).
func OutputPath(dir string, in Input, ext string) string {
	return filepath.Join(dir, filepath.FromSlash(in.Rel)+ext)
}

// WriteFileAtomic writes data to a temporary file beside path and renames it into place,
// creating the directories it needs, so that a crash or a kill never leaves a half-written
// output: path holds either its old contents or all of data.
func WriteFileAtomic(path string, data []byte) (err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			os.Remove(f.Name())
		}
	}()
	if _, err = f.Write(data); err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644) // CreateTemp makes 0600; outputs are ordinary files
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
