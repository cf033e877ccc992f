package pipeline

import (
	"errors"
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
	// Skip lists directories never walked below a root: the job's own output directory
	// (JobOptions.OutDir) belongs here, so that a rerun does not take the last run's outputs
	// for inputs (out/x.md.md). They are compared as files (os.SameFile), whatever the path
	// used to name them; one that does not exist yet is skipped when it does.
	Skip []string
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
// (hidden directories such as .git are skipped, and o.Skip) for the files that o selects, in
// lexical order. A root that is a symbolic link to a directory is walked as that directory,
// its inputs named under the path given; links inside the tree are not followed. Errors name
// the path that failed; the walk goes on past them.
func Walk(paths []string, o WalkOptions) ([]Input, []error) {
	var (
		ins  []Input
		errs []error
	)
	add := func(in Input) { ins = append(ins, in) }
	var skip []os.FileInfo
	for _, d := range o.Skip {
		if fi, err := os.Stat(d); err == nil && fi.IsDir() {
			skip = append(skip, fi)
		}
	}
	skipped := func(d fs.DirEntry) bool {
		if len(skip) == 0 {
			return false
		}
		fi, err := d.Info()
		if err != nil {
			return false
		}
		for _, s := range skip {
			if os.SameFile(fi, s) {
				return true
			}
		}
		return false
	}
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
		// WalkDir does not follow a root that is a link: walk what it points to, and name the
		// files under p, as given.
		root := p
		if lst, err := os.Lstat(p); err == nil && lst.Mode()&fs.ModeSymlink != 0 {
			if root, err = filepath.EvalSymlinks(p); err != nil {
				errs = append(errs, fmt.Errorf("read %s: %w", p, err))
				continue
			}
		}
		err = filepath.WalkDir(root, func(name string, d fs.DirEntry, err error) error {
			rel, _ := filepath.Rel(root, name)
			shown := filepath.Join(p, rel)
			if err != nil {
				errs = append(errs, fmt.Errorf("read %s: %w", shown, err))
				return nil
			}
			rel = filepath.ToSlash(rel)
			if d.IsDir() {
				if name != root && (strings.HasPrefix(d.Name(), ".") || matchAny(o.Exclude, rel) || skipped(d)) {
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
			add(Input{Path: shown, Rel: rel})
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
//
// Only a regular file, or a path that does not exist yet, is replaced so. A device, a FIFO or
// a socket (-o /dev/null, a named pipe), and any path under /dev or /proc (-o /dev/stdout),
// is written to directly: renaming over it would replace the device or the link with a
// regular file (as root, /dev/null for every program on the machine). A symbolic link to a
// regular file elsewhere stays a link: the file it points to is replaced.
func WriteFileAtomic(path string, data []byte) (err error) {
	target, direct, err := writeTarget(path)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if direct {
		return writeDirect(path, data)
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	f, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".*.tmp")
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
		err = os.Rename(f.Name(), target)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// writeTarget decides how WriteFileAtomic writes path: the file to replace by a rename, or
// direct when path must be written in place (see WriteFileAtomic).
func writeTarget(path string) (target string, direct bool, err error) {
	if abs, err := filepath.Abs(path); err == nil && specialTree(abs) {
		return "", true, nil
	}
	lst, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return path, false, nil
	case err != nil:
		return "", false, err
	case lst.Mode().IsRegular():
		return path, false, nil
	case lst.IsDir():
		return "", false, errors.New("is a directory")
	case lst.Mode()&fs.ModeSymlink == 0:
		return "", true, nil // a device, a FIFO, a socket
	}
	// A link: follow it to decide. A dangling link or one into /dev or /proc is written
	// through; a link to a regular file keeps being a link to it.
	resolved, err := filepath.EvalSymlinks(path)
	if err != nil {
		return "", true, nil
	}
	if abs, err := filepath.Abs(resolved); err == nil && specialTree(abs) {
		return "", true, nil
	}
	st, err := os.Stat(resolved)
	if err != nil || !st.Mode().IsRegular() {
		if err == nil && st.IsDir() {
			return "", false, errors.New("is a directory")
		}
		return "", true, nil
	}
	return resolved, false, nil
}

// specialTree reports whether abs is under /dev or /proc, where paths name devices and
// processes' files, never a file to replace.
func specialTree(abs string) bool {
	if filepath.Separator != '/' {
		return false
	}
	return strings.HasPrefix(abs, "/dev/") || strings.HasPrefix(abs, "/proc/")
}

// writeDirect writes data to path as it is: no temporary file, no rename, no create. A
// regular file met this way (/dev/stdout redirected to a file) is appended to, so that a
// shell's >> is honoured and its > (already empty) is filled.
func writeDirect(path string, data []byte) error {
	flag := os.O_WRONLY
	if st, err := os.Stat(path); err == nil && st.Mode().IsRegular() {
		flag |= os.O_APPEND
	}
	f, err := os.OpenFile(path, flag, 0)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
