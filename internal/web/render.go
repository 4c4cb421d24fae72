package web

import (
	"bytes"
	"crypto/rand"
	"embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"hatch/internal/clock"
	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/ident"
	"hatch/internal/region"
)

//go:embed templates
var templateFiles embed.FS

// templates holds one parsed set per page: the layout, the partials and
// the page itself, parsed once at start-up so a broken template stops the
// server from booting instead of failing in front of a user.
type templates struct {
	pages map[string]*template.Template
}

func parseTemplates() (*templates, error) {
	shared := []string{"templates/layout.html", "templates/partials.html", "templates/review_decisions.html"}
	// Parts are partials of one subject (the experts' panel), kept out of
	// partials.html so each subject's markup lives in its own file.
	parts, err := fs.Glob(templateFiles, "templates/parts/*.html")
	if err != nil {
		return nil, err
	}
	shared = append(shared, parts...)
	names, err := fs.Glob(templateFiles, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	t := &templates{pages: map[string]*template.Template{}}
	for _, name := range names {
		tpl, err := template.New("layout.html").
			Funcs(funcs).Funcs(partialFuncs).
			ParseFS(templateFiles, append(shared, name)...)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", name, err)
		}
		t.pages[strings.TrimSuffix(path.Base(name), ".html")] = tpl
	}
	return t, nil
}

// Page is what every page template gets, embedded in its own typed data.
type Page struct {
	Title     string
	Section   string // which menu item is current
	Actor     *domain.Actor
	CSRF      string
	Flash     string
	FlashKind string // success, warning or error: the colour of the flash
	FlashFor  string // the input the flash is about (a refused upload after its redirect)
	// FlashDetail is what the page says beside FlashFor's input.
	FlashDetail string
	Errors      domain.FieldErrors
	Message     string // an error not tied to a field
	Support     Options
	ExpiresIn   time.Duration // until the session idles out, for the warning
	WarnSecs    int
	Unread      int // unread notifications, for the header
	// Refresh reloads the page after this many seconds in a browser
	// without script (a page that follows work in progress); hatch.js
	// updates such pages in place instead.
	Refresh int
}

// Err returns the message for field, for use beside the input.
func (p Page) Err(field string) string { return p.Errors.Get(field) }

// FieldMessage is what the fieldError partial shows beside an input.
type FieldMessage struct {
	Field   string // the input's id, which the message's id extends
	Message string // "" when the field has none
}

// FieldError is field's message for the fieldError partial:
// {{template "fieldError" (.Page.FieldError "name")}}.
func (p Page) FieldError(field string) FieldMessage {
	return FieldMessage{Field: field, Message: p.Errors.Get(field)}
}

// page fills the common part of a page from the request.
func (s *Server) page(w http.ResponseWriter, r *http.Request, title, section string) Page {
	f := takeFlash(w, r)
	p := Page{Title: title, Section: section, Support: s.opts, Flash: f.Msg, FlashKind: f.Kind,
		FlashFor: f.For, FlashDetail: f.Detail,
		WarnSecs: int(s.opts.IdleWarning.Seconds())}
	if sess := session(r); sess != nil {
		a := sess.actor
		p.Actor, p.CSRF, p.ExpiresIn = &a, sess.csrf, sess.expiresIn
		p.Unread, _ = s.svc.Unread(r.Context(), a) // a failure only hides the count
	}
	if note := regionPickNote(r); note != "" {
		p.Flash, p.FlashKind = note, "warning"
	}
	return p
}

// render executes a page into a buffer and only then writes it, so a
// template error never sends half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	tpl, ok := s.tpl.pages[name]
	if !ok {
		s.fail(w, r, fmt.Errorf("no template %q", name))
		return
	}
	var buf bytes.Buffer
	if err := tpl.ExecuteTemplate(&buf, "layout.html", data); err != nil {
		s.log.Error("render", "page", name, "err", err)
		http.Error(w, "页面显示出错，请稍后重试。", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

var funcs = template.FuncMap{
	// press is a fresh one-time token for a 下载材料 button: the same press
	// sent twice queues one render (service.RequestVersion).
	"press": rand.Text,
	"score": domain.FormatScore, // 85, 85.5: a score as the sheet's maxima are written
	"date": func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		return clock.Date(t)
	},
	"datetime": func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		return clock.Minute(t)
	},
	"mask":      ident.MaskIDNumber,
	"ink":       ink,
	"filesize":  form.FileSize,
	"join":      strings.Join,
	"statusTag": statusTag,
	"paperTag":  paperTag,
	// remarkHref is where a remark's field or row is edited.
	"remarkHref": func(appID int64, r domain.Remark) string {
		base := "/applications/" + strconv.FormatInt(appID, 10)
		if r.Table != "" {
			return base + "/rows/" + strconv.FormatInt(r.RowID, 10)
		}
		return base + "/sections/" + r.Section
	},
	"idTypes":   func() []ident.IDType { return ident.IDTypes },
	"idLabel":   func(s string) string { return ident.IDType(s).Label() },
	"orgTypes":  func() []string { return domain.OrgTypes },
	"kinds":     func() []domain.CarrierKind { return domain.CarrierKinds },
	"appMenus":  appMenus,
	"hasPrefix": strings.HasPrefix,
	// conditionsTitle names a type's conditions panel: 备案条件, 认定条件.
	"conditionsTitle": func(code string) string { return typeOrDefault(code).ConditionsTitle },
	"appTypes":        form.Types,
	"listURL":         listURL,
	"appSection":      appSection,
	"lines":           func(s string) []string { return strings.Split(strings.TrimSpace(s), "\n") },
	"millis":          func(d time.Duration) int64 { return d.Milliseconds() },
	"asset":           assetURL,
	"levels": func() []domain.Level {
		return []domain.Level{domain.LevelCity, domain.LevelProvince, domain.LevelTorch}
	},
	"levelLabel":  func(l domain.Level) string { return l.Label() },
	"eqs":         func(a, b any) bool { return fmt.Sprint(a) == fmt.Sprint(b) },
	"invalidAttr": invalidAttr,
	"regionName": func(code string) string {
		if r, ok := region.Named(code); ok {
			return r.Name
		}
		return code
	},
}

// invalidAttr writes an input's one aria-describedby: its hints, then its
// error message when it has one (with aria-invalid). A second attribute
// would be ignored by browsers, so hints and errors must share this one.
func invalidAttr(p Page, field string, hints ...string) template.HTMLAttr {
	ids := hints
	attr := ""
	if p.Errors.Has(field) {
		ids = append(append([]string{}, hints...), field+"-error")
		attr = `aria-invalid="true" `
	}
	if len(ids) == 0 {
		return ""
	}
	return template.HTMLAttr(
		attr + `aria-describedby="` + template.HTMLEscapeString(strings.Join(ids, " ")) + `"`,
	)
}

const flashCookie = "hatch_flash"

// setFlash leaves a one-time success message for the next page
// (post/redirect/get).
func setFlash(w http.ResponseWriter, msg string) { setFlashKind(w, "success", msg) }

// setFlashKind leaves a one-time message of a kind: success, warning, error.
func setFlashKind(w http.ResponseWriter, kind, msg string) {
	setFlashAt(w, flash{Kind: kind, Msg: msg})
}

// flash is a one-time message for the page a redirect leads to. For says
// which input it is about (its id), and Detail is then shown beside that
// input, so a refused upload reads as if the page had been posted to.
type flash struct {
	Kind   string `json:"k"`
	Msg    string `json:"m"`
	For    string `json:"f,omitempty"`
	Detail string `json:"d,omitempty"`
}

// maxFlash bounds the message in bytes: a cookie holds about 4 KB, and
// base64 takes a third more.
const maxFlash = 2800

func setFlashAt(w http.ResponseWriter, f flash) {
	f.Detail = clipBytes(f.Detail, maxFlash/2)
	f.Msg = clipBytes(f.Msg, maxFlash-len(f.Detail)-len(f.For)-40)
	b, _ := json.Marshal(f)
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: base64.RawURLEncoding.EncodeToString(b),
		Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: 60})
}

// clipBytes cuts s to at most n bytes on a character boundary, marking
// the cut.
func clipBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := max(n-len("…"), 0)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// takeFlash returns and clears the flash. Only our own kinds are accepted,
// since the cookie could have been set by anyone.
func takeFlash(w http.ResponseWriter, r *http.Request) flash {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return flash{}
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Path: "/", MaxAge: -1})
	b, err := base64.RawURLEncoding.DecodeString(c.Value)
	var f flash
	if err != nil || len(b) > maxFlash+200 || json.Unmarshal(b, &f) != nil {
		return flash{}
	}
	if f.Kind != "success" && f.Kind != "warning" && f.Kind != "error" {
		return flash{}
	}
	if !isInputID(f.For) {
		f.For, f.Detail = "", ""
	}
	return f
}

// isInputID reports whether s could be the id of one of our inputs: short,
// lower-case ASCII letters, digits, '-' and '_'. A flash names no other.
func isInputID(s string) bool {
	if len(s) > 64 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}
