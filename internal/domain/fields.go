package domain

// FieldError is one message tied to one form field. Field is the input's name
// (and HTML id), so an error summary can link straight to it.
type FieldError struct {
	Field   string
	Label   string
	Message string
}

// FieldErrors keeps messages in the order the fields appear on the form, so
// the error summary reads top to bottom like the page.
type FieldErrors []FieldError

// Add appends a message for field.
func (fe *FieldErrors) Add(field, label, message string) {
	*fe = append(*fe, FieldError{Field: field, Label: label, Message: message})
}

// Get returns the first message for field, or "".
func (fe FieldErrors) Get(field string) string {
	for _, e := range fe {
		if e.Field == field {
			return e.Message
		}
	}
	return ""
}

// Has reports whether field has a message.
func (fe FieldErrors) Has(field string) bool { return fe.Get(field) != "" }

// Err returns nil when there are no messages, else an Invalid Error.
func (fe FieldErrors) Err() error {
	if len(fe) == 0 {
		return nil
	}
	return &Error{Kind: Invalid, Message: "提交的信息有误，请按提示修改。", Fields: fe}
}
