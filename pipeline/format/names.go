package format

// ReaderNames lists the registered input formats in registration order, for flag help and
// messages.
func (g *Registry) ReaderNames() []string {
	var n []string
	for _, r := range g.readers {
		n = append(n, r.Name)
	}
	return n
}
