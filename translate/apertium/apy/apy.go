// Package apy starts an Apertium-APY server that listens on 127.0.0.1 only.
//
// APY 0.11.7 binds every interface and has no flag to change that; the embedded launcher
// patches Tornado's bind to the loopback address before calling APY's main. It runs under
// Debian's /usr/bin/python3, which has tornado and apertium_apy (packages apertium-apy and
// python3-tornado).
package apy

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"
)

//go:embed loopback.py
var launcher []byte

// Python is the interpreter that has APY's modules.
const Python = "/usr/bin/python3"

// PairsPath is where Debian installs Apertium's pairs.
const PairsPath = "/usr/share/apertium"

// Server is a running APY on loopback.
type Server struct {
	// URL is the server's root, http://127.0.0.1:PORT.
	URL string
	cmd *exec.Cmd
	dir string
}

// Available reports whether APY can be started here, and why not.
func Available() error {
	if _, err := os.Stat(Python); err != nil {
		return fmt.Errorf("apy: %s: %w", Python, err)
	}
	if err := exec.Command(Python, "-c", "import apertium_apy.apy, tornado").Run(); err != nil {
		return fmt.Errorf("apy: python modules apertium_apy and tornado missing (apt-get install apertium-apy): %w", err)
	}
	return nil
}

// Start launches APY on a free loopback port and waits until it answers /listPairs.
// Logs go to logPath when not empty. Close stops it.
func Start(ctx context.Context, logPath string) (*Server, error) {
	if err := Available(); err != nil {
		return nil, err
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "bitext-apy-")
	if err != nil {
		return nil, err
	}
	script := filepath.Join(dir, "loopback.py")
	if err := os.WriteFile(script, launcher, 0o600); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	cmd := exec.Command(Python, script, "-p", fmt.Sprint(port), PairsPath)
	cmd.Dir = dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if logPath != "" {
		f, err := os.Create(logPath)
		if err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
		defer f.Close()
		cmd.Stdout, cmd.Stderr = f, f
	}
	if err := cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("apy: start: %w", err)
	}
	s := &Server{URL: fmt.Sprintf("http://127.0.0.1:%d", port), cmd: cmd, dir: dir}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(s.URL + "/listPairs")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s, nil
			}
		}
		select {
		case err := <-exited:
			os.RemoveAll(dir)
			return nil, fmt.Errorf("apy: exited before answering: %v", err)
		case <-ctx.Done():
			s.Close()
			return nil, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			s.Close()
			return nil, errors.New("apy: no answer on /listPairs within 30 s")
		}
	}
}

// Close stops the server and its worker processes.
func (s *Server) Close() error {
	if s.cmd.Process != nil {
		// APY forks pipelines per pair: signal the whole process group.
		_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGTERM)
		done := make(chan struct{})
		go func() {
			for i := 0; i < 50; i++ {
				if syscall.Kill(s.cmd.Process.Pid, 0) != nil {
					break
				}
				time.Sleep(100 * time.Millisecond)
			}
			close(done)
		}()
		<-done
		_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
	}
	return os.RemoveAll(s.dir)
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
