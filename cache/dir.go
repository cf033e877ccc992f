package cache

import (
	"fmt"
	"os"
	"path/filepath"
)

// EnvDir is the environment variable naming the cache directory.
const EnvDir = "BITEXT_CACHE_DIR"

// Dir returns the cache directory to use: dir when it is set, else $BITEXT_CACHE_DIR read
// through getenv (nil means os.Getenv), else os.UserCacheDir()/bitext.
func Dir(dir string, getenv func(string) string) (string, error) {
	if dir != "" {
		return dir, nil
	}
	if getenv == nil {
		getenv = os.Getenv
	}
	if d := getenv(EnvDir); d != "" {
		return d, nil
	}
	ucd, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no cache directory: %w; set %s or --cache-dir", err, EnvDir)
	}
	return filepath.Join(ucd, "bitext"), nil
}
