package form

// Shown reports whether a section is part of this application: a section
// with ShownWhen only when its field has the value (公共服务平台 only for a
// 专业孵化器). A hidden section is not listed, checked or counted.
func (a *App) Shown(s *Section) bool { return s.ShownWhen == nil || a.holds(*s.ShownWhen, nil) }

// TableShown reports whether a table is part of this application: its own
// ShownWhen and its section's both hold.
func (a *App) TableShown(t *Table) bool {
	if t.ShownWhen != nil && !a.holds(*t.ShownWhen, nil) {
		return false
	}
	s := a.Type.Section(t.Section)
	return s == nil || a.Shown(s)
}
