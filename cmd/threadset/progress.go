package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"golang.org/x/term"
)

// progress draws "files done, rate, time left" on stderr when stderr is a
// terminal. It never writes anywhere else, so it cannot reach the dataset.
type progress struct {
	w       io.Writer
	tty     bool
	quiet   bool
	start   time.Time
	last    time.Time
	drawn   bool
	minStep time.Duration
}

func newProgress(w io.Writer, quiet bool) *progress {
	tty := false
	if f, ok := w.(*os.File); ok {
		tty = term.IsTerminal(int(f.Fd()))
	}
	return &progress{w: w, tty: tty, quiet: quiet, start: time.Now(), minStep: 100 * time.Millisecond}
}

func (p *progress) update(done, total int, bytes int64) {
	if p.quiet || !p.tty {
		return
	}
	now := time.Now()
	if done < total && now.Sub(p.last) < p.minStep {
		return
	}
	p.last = now
	elapsed := now.Sub(p.start).Seconds()
	rate := float64(done) / max(elapsed, 1e-9)
	left := "?"
	if rate > 0 {
		left = (time.Duration(float64(total-done)/rate) * time.Second).Round(time.Second).String()
	}
	fmt.Fprintf(p.w, "\r\033[K%d/%d files, %.0f files/s, %.1f MB, %s left", done, total, rate, float64(bytes)/1e6, left)
	p.drawn = true
}

func (p *progress) finish() {
	if p.drawn {
		fmt.Fprint(p.w, "\r\033[K")
		p.drawn = false
	}
}

// log returns where per-input messages go: stderr, on a fresh line, unless
// --quiet.
func (p *progress) log(stderr io.Writer) io.Writer {
	if p.quiet {
		return nil
	}
	return writerFunc(func(b []byte) (int, error) {
		p.finish()
		return stderr.Write(b)
	})
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(b []byte) (int, error) { return f(b) }
