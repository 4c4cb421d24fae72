package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"
)

//go:embed static
var staticFiles embed.FS

// assets maps each static file's content-hashed name (hatch.3f2a9c1b7e04.css)
// to its plain name, and back. Pages link the hashed names, so a browser may
// keep a file for a year: a new binary with a changed file links a new name,
// and never runs yesterday's script against today's page.
type assets struct {
	hashed map[string]string // hatch.css → hatch.3f2a9c1b7e04.css
	plain  map[string]string // hatch.3f2a9c1b7e04.css → hatch.css
}

// staticAssets reads the embedded files once; they are fixed in the binary.
var staticAssets = sync.OnceValue(func() assets {
	a := assets{hashed: map[string]string{}, plain: map[string]string{}}
	entries, _ := fs.ReadDir(staticFiles, "static")
	for _, e := range entries {
		b, err := staticFiles.ReadFile("static/" + e.Name())
		if err != nil || e.IsDir() {
			continue
		}
		sum := sha256.Sum256(b)
		ext := path.Ext(e.Name())
		h := strings.TrimSuffix(e.Name(), ext) + "." + hex.EncodeToString(sum[:6]) + ext
		a.hashed[e.Name()], a.plain[h] = h, e.Name()
	}
	return a
})

// assetURL is the address of a static file under its hashed name, for the
// templates: {{asset "hatch.css"}}.
func assetURL(name string) string {
	if h, ok := staticAssets().hashed[name]; ok {
		return "/static/" + h
	}
	return "/static/" + name
}

// staticHandler serves the embedded CSS and script. A hashed name is cached
// for a year; a plain name (an old bookmark, a tool) must be revalidated.
func staticHandler() http.Handler {
	sub, _ := fs.Sub(staticFiles, "static")
	fsrv := http.FileServer(http.FS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/static/")
		if plain, ok := staticAssets().plain[name]; ok {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
			r = r.Clone(r.Context())
			r.URL.Path = "/" + plain
		} else {
			w.Header().Set("Cache-Control", "no-cache")
			r = r.Clone(r.Context())
			r.URL.Path = "/" + name
		}
		fsrv.ServeHTTP(w, r)
	})
}
