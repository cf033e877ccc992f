package pipeline

import (
	"context"
	"sync"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format"
	"github.com/seed77ff/bitext/translate"
)

// planned is one input of a streaming run: its document once prepared, and how many of
// its items still wait for a result.
type planned struct {
	index   int
	in      Input
	d       *doc.Document
	err     error // the input failed (read or prepare)
	items   []*Item
	pending int
}

// run is one Job.Run: a window of documents read and prepared by Options.Jobs workers,
// planned in input order into one job-wide Plan, translated in requests filled to the
// backend's limits as texts arrive, and aligned, written and released in input order.
//
// One goroutine (loop) owns the plan, the groups and the window; the workers only read and
// prepare, and requests only ask: their results come back on channels.
type run struct {
	j      *Job
	o      Options
	po     PlanOptions
	plan   *Plan
	inputs []Input
	fn     func(Result)
	p      *progressState
	sum    Summary
	stats  JobStats
	outs   map[string]string // output file → input, so two inputs never share an output
	pages  []format.Page     // what the batch's index shows of each output (Renderer.Index)

	tr       translate.Translator // nil: nothing is sent
	estimate *Estimate            // set for a dry run: documents are counted, not written

	issued, admitted, written int // inputs handed to workers, planned, finished
	ready                     map[int]*planned
	window                    map[int]*planned

	open     map[group]*filling
	queue    [][]*Item
	inFlight int
	sent     int // requests handed to the translator
}

// filling is the request a group of items is filling.
type filling struct {
	items []*Item
	load  translate.Load
}

func newRun(j *Job, inputs []Input, fn func(Result)) *run {
	r := &run{
		j: j, o: j.o.Options, po: j.o.Options.planOptions(), inputs: inputs, fn: fn,
		p:     newProgressState(j.o.Progress, len(inputs)),
		outs:  map[string]string{},
		ready: map[int]*planned{}, window: map[int]*planned{}, open: map[group]*filling{},
	}
	r.plan = newPlan(r.po)
	r.plan.stream = true
	if r.o.Translator != nil {
		r.tr = r.p.count(r.o.Translator)
	}
	return r
}

// loop runs the job to its end or until ctx is done.
func (r *run) loop(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	work := make(chan int)
	prepared := make(chan *planned)
	answers := make(chan answer)
	var workers sync.WaitGroup
	for range min(r.o.Jobs, max(len(r.inputs), 1)) {
		workers.Add(1)
		go func() {
			defer workers.Done()
			for i := range work {
				pd := r.prepare(ctx, i)
				select {
				case prepared <- pd:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	defer func() {
		close(work)
		workers.Wait()
	}()
	r.p.update(func(p *Progress) { p.Phase = PhaseRead })

	for r.written < len(r.inputs) {
		if err := r.step(ctx); err != nil {
			return err
		}
		if r.written == len(r.inputs) {
			break
		}
		r.send(ctx, answers)
		var (
			issue chan<- int
			next  int
		)
		if r.issued < len(r.inputs) && r.issued-r.written < r.j.o.Window {
			issue, next = work, r.issued
		}
		select {
		case issue <- next:
			r.issued++
		case pd := <-prepared:
			r.ready[pd.index] = pd
		case a := <-answers:
			r.answered(a)
		case <-ctx.Done():
			// The answers of requests in flight were paid for: wait for them, so that the
			// cache below has stored them before Run returns.
			for ; r.inFlight > 0; r.inFlight-- {
				<-answers
			}
			return ctx.Err()
		}
	}
	return nil
}

// step does everything that needs no waiting: plan the prepared documents in input order,
// send what is full (or must go), and finish the documents at the head of the window.
func (r *run) step(ctx context.Context) error {
	for {
		pd, ok := r.ready[r.admitted]
		if !ok {
			break
		}
		delete(r.ready, r.admitted)
		if err := r.admit(ctx, pd); err != nil {
			return err
		}
		r.admitted++
	}
	for r.finishHead(ctx) {
	}
	switch {
	case r.admitted == len(r.inputs):
		r.flush(nil) // every text is known: nothing more can join a request
	case r.issued-r.written >= r.j.o.Window:
		if head := r.window[r.written]; head != nil && head.pending > 0 {
			r.flush(head.items) // the window is full and its oldest document waits
		}
	}
	if r.tr != nil {
		planned := r.sent + len(r.queue) + len(r.open)
		r.p.update(func(p *Progress) { p.RequestsPlanned = planned })
	}
	return nil
}

// prepare reads and prepares input i, on a worker.
func (r *run) prepare(ctx context.Context, i int) *planned {
	pd := &planned{index: i, in: r.inputs[i]}
	d, err := r.j.read(pd.in)
	if err != nil {
		pd.err = err
		return pd
	}
	r.p.update(func(p *Progress) { p.Read++; p.Phase = PhaseDetect })
	if err := Prepare(ctx, r.o.Detector, d); err != nil {
		pd.err = err
		return pd
	}
	if r.o.OnDetected != nil {
		r.o.OnDetected(d)
	}
	n := len(d.Segments())
	r.p.update(func(p *Progress) { p.Detected++; p.Segments += n })
	pd.d = d
	return pd
}

// admit plans a prepared document: its items join the plan, the memory answers the new
// ones, and the rest join the requests being filled.
func (r *run) admit(ctx context.Context, pd *planned) error {
	r.window[pd.index] = pd
	if pd.err != nil {
		return nil
	}
	pd.items = r.plan.Add(pd.d)
	var fresh []*Item
	for _, it := range pd.items {
		if it.Result == nil && !it.queued {
			fresh = append(fresh, it)
		}
	}
	if r.o.Memory != nil && len(fresh) > 0 {
		n, err := recall(ctx, r.po.Target, fresh, r.o.Memory)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			pd.err = err // this document fails; the job goes on
			return nil
		}
		r.stats.Memory += n
	}
	if r.tr == nil {
		return nil // nothing is sent: the document is finished as soon as it is planned
	}
	for _, it := range pd.items {
		if it.Result != nil {
			continue
		}
		pd.pending++
		it.waiting = append(it.waiting, pd)
		if !it.queued {
			it.queued = true
			r.fill(it)
		}
	}
	if pd.pending > 0 {
		r.p.update(func(p *Progress) { p.Phase = PhaseTranslate })
	}
	return nil
}

// fill adds it to the request its group is filling, with translate.Cut's rule: a request
// that the next text would take over a limit goes as it is, and a full one goes at once.
func (r *run) fill(it *Item) {
	l := r.o.Exec.Limits
	k := groupOf(it)
	f := r.open[k]
	if f == nil {
		f = &filling{}
		r.open[k] = f
	}
	if next := f.load.Add(it.Text); len(f.items) > 0 && !l.Fits(next) {
		r.queue = append(r.queue, f.items)
		f.items, f.load = nil, translate.Load{}
	}
	f.items = append(f.items, it)
	f.load = f.load.Add(it.Text)
	if l.Full(f.load) {
		r.queue = append(r.queue, f.items)
		delete(r.open, k)
	}
}

// flush sends the requests being filled: those holding one of items, or all when items is nil.
func (r *run) flush(items []*Item) {
	for k, f := range r.open {
		if items != nil && !holdsAny(f.items, items) {
			continue
		}
		r.queue = append(r.queue, f.items)
		delete(r.open, k)
	}
}

func holdsAny(have, want []*Item) bool {
	for _, w := range want {
		if w.Result != nil {
			continue
		}
		for _, h := range have {
			if h == w {
				return true
			}
		}
	}
	return false
}

// send starts the queued requests the in-flight bound allows.
func (r *run) send(ctx context.Context, answers chan<- answer) {
	limit := max(r.o.Exec.Limits.InFlight, 1)
	for len(r.queue) > 0 && r.inFlight < limit {
		batch := r.queue[0]
		r.queue = r.queue[1:]
		r.inFlight++
		r.sent++
		go func() {
			a := ask(ctx, r.po.Target, batch, r.tr, r.o.Exec)
			answers <- a
		}()
	}
}

// answered records a request's answer and counts down the documents waiting for its items.
func (r *run) answered(a answer) {
	r.inFlight--
	r.p.update(func(p *Progress) { p.Requests++ })
	r.stats.add(a.record(r.o.Exec))
	for _, it := range a.batch {
		for _, pd := range it.waiting {
			pd.pending--
		}
		it.waiting, it.first = nil, nil
	}
}

// finishHead finishes the document at the head of the window if it is ready: aligns,
// renders and writes it, reports it, and releases it. It reports whether it did.
func (r *run) finishHead(ctx context.Context) bool {
	pd := r.window[r.written]
	if pd == nil || pd.pending > 0 {
		return false
	}
	delete(r.window, r.written)
	r.written++
	if pd.d != nil {
		defer r.release(pd)
	}
	if pd.err != nil {
		r.fail(Result{Input: pd.in, Err: pd.err})
		return true
	}
	d := pd.d
	if r.estimate != nil {
		r.estimate.count(d)
		r.p.update(func(p *Progress) { p.DocumentsDone++ })
		return true
	}
	Align(d, r.plan, r.po, r.o.NoBackendReason)
	_ = fitSubtitles(ctx, []*doc.Document{d}, r.o, &r.stats) // only ctx's error, which the loop ends on
	r.syncStats()
	r.p.update(func(p *Progress) { p.Phase = PhaseWrite })
	r.sum.addDoc(d)
	res := Result{Input: pd.in, Doc: d}
	var err error
	if res.Output, err = r.j.write(pd.in, d, r.outs); err != nil {
		res.Err = err
		r.fail(res)
		return true
	}
	if res.Output == "" {
		res.Warnings = r.j.extraWarnings(pd.in, d) // on stdout: one document only
	} else {
		r.j.indexPage(&r.pages, d, res.Output)
	}
	if r.j.o.Output != "" {
		r.sum.Written++
	}
	r.p.update(func(p *Progress) { p.DocumentsDone++ })
	r.fn(res)
	return true
}

// release forgets a finished document: the plan keeps no reference to it, and of its texts
// only their translations (a dry run keeps every text, to count them).
func (r *run) release(pd *planned) {
	r.plan.Release(pd.d)
	for _, it := range pd.items {
		if it.first == pd.d {
			it.first = nil // a text nobody sends keeps no document alive
		}
	}
	if r.plan.stream {
		r.plan.forget(pd.items)
	}
	pd.d, pd.items = nil, nil
}

// syncStats copies what was sent into the summary.
func (r *run) syncStats() {
	r.sum.Requests, r.sum.Characters, r.sum.FailedTexts = r.stats.Requests, r.stats.Characters, r.stats.Failed
	if r.sum.Stopped == nil {
		r.sum.Stopped = r.stats.Stopped
	}
}

func (r *run) fail(res Result) {
	r.sum.Failures = append(r.sum.Failures, Failure{Path: res.Input.Path, Err: res.Err})
	r.p.update(func(p *Progress) { p.DocumentsDone++; p.Failed++ })
	r.fn(res)
}
