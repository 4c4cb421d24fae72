package fonts

// Has is has, for the tests of the coverage file.
func Has(f Face, r rune) bool { return f.has(r) }
