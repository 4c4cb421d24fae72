package web

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"hatch/internal/blob"
)

// download is a file sent to the browser: its name as the user saves it,
// its type (sniffed on upload, or the one the server made), its size, and
// whether the browser shows it instead of saving it.
type download struct {
	Name   string
	Type   string
	Size   int64
	Inline bool
	SHA256 string // sent as the ETag when known
}

// send writes the headers of a download and streams its body. Files are
// private: no proxy keeps them. A client that leaves mid-file is only
// logged; the response has started and cannot become an error page.
// A body from a store that hands out download links (S3 with presign) is
// sent there instead: the service has checked who may read it, and the
// link, valid a few minutes, answers with the same name and type.
func (s *Server) send(w http.ResponseWriter, d download, body io.Reader) {
	disp := "attachment"
	if d.Inline {
		disp = "inline"
	}
	disp += "; filename*=UTF-8''" + pathEscape(d.Name)
	h := w.Header()
	h.Set("Cache-Control", "private, no-store")
	if l, ok := body.(blob.Linker); ok {
		u, err := l.Link(disp, d.Type)
		if err == nil {
			h.Set("Location", u)
			w.WriteHeader(http.StatusSeeOther)
			return
		}
		s.log.Warn("download link; sending the file through", "name", d.Name, "err", err)
	}
	h.Set("Content-Type", d.Type)
	h.Set("Content-Disposition", disp)
	h.Set("Content-Length", strconv.FormatInt(d.Size, 10))
	if d.SHA256 != "" {
		h.Set("ETag", `"`+d.SHA256+`"`)
	}
	if _, err := io.Copy(w, body); err != nil {
		s.log.Warn("send file", "name", d.Name, "err", err)
	}
}

// sendBytes is send for a file made in memory.
func (s *Server) sendBytes(w http.ResponseWriter, d download, data []byte) {
	d.Size = int64(len(data))
	s.send(w, d, bytes.NewReader(data))
}

// pathEscape percent-encodes a file name for filename*= (RFC 5987): a
// space is %20, not the + of a query.
func pathEscape(name string) string { return strings.ReplaceAll(url.QueryEscape(name), "+", "%20") }
