package service

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"time"

	"hatch/internal/docgen"
	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/lowprio"
	"hatch/internal/store"
)

// snapshot is the frozen data a version was generated from: enough to
// print the same 申报书 again and to compare two versions, whatever is
// edited afterwards. It is stored as JSON; its fields never shrink.
type snapshot struct {
	Type        string                   `json:"type"`
	Round       domain.Round             `json:"round"`
	Org         form.Org                 `json:"org"`
	Carrier     string                   `json:"carrier"`
	Sections    map[string]domain.Values `json:"sections"`
	Rows        map[string][]snapshotRow `json:"rows"`
	Files       []domain.AppFile         `json:"files"`
	GeneratedAt time.Time                `json:"generated_at"`
	// Problems and Unmet are what was still wrong (see domain.Version).
	Problems int `json:"problems,omitempty"`
	Unmet    int `json:"unmet,omitempty"`
}

// snapshotRow is a row as frozen: its id, so that versions can be compared
// row by row, and its values.
type snapshotRow struct {
	ID   int64         `json:"id"`
	Data domain.Values `json:"data"`
}

func snapshotOf(v AppView, at time.Time) snapshot {
	r := v.Round
	r.Guidance = domain.Guidance{} // not part of the application
	s := snapshot{Type: v.Type.Code, Round: r, Org: v.Form.Org, Carrier: v.Carrier.Name,
		Sections: v.Form.Sections, Rows: map[string][]snapshotRow{}, Files: v.Files, GeneratedAt: at}
	for _, is := range v.Issues {
		if !is.Warning {
			s.Problems++
		}
	}
	for _, c := range v.Conditions {
		if c.Blocks() {
			s.Unmet++
		}
	}
	for table, rows := range v.Form.Rows {
		for _, row := range rows {
			s.Rows[table] = append(s.Rows[table], snapshotRow{ID: row.ID, Data: row.Data})
		}
	}
	return s
}

// app rebuilds the engine's view of the frozen data, dated as generated.
func (s snapshot) app() (*form.App, error) {
	t := form.TypeOf(s.Type)
	if t == nil {
		return nil, domain.Errorf(domain.Internal, "unknown application type %q", s.Type)
	}
	rows := map[string][]domain.Row{}
	for table, list := range s.Rows {
		for _, r := range list {
			rows[table] = append(rows[table], domain.Row{ID: r.ID, Table: table, Data: r.Data})
		}
	}
	return form.NewApp(
		t,
		form.DatesOf(s.Round, s.GeneratedAt),
		s.Org,
		s.Carrier,
		s.Sections,
		rows,
		s.Files,
	).WithParams(s.Round.Params), nil
}

// versionAlphabet is Crockford's base 32, so that a 版本号 copied by hand
// from paper is not misread (domain.VersionAlphabet).
const versionAlphabet = domain.VersionAlphabet

// newVersionCode makes a 版本号: year and type for people, then 40 random
// bits, so that nobody can find other applicants' versions by guessing on
// the public verification page. 2021ZC-7K3M-Q9TX.
func newVersionCode(year int, abbr string) string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand never fails on supported platforms
	code := make([]byte, 0, 9)
	for i, x := range b {
		if i == 4 {
			code = append(code, '-')
		}
		code = append(code, versionAlphabet[int(x)%len(versionAlphabet)])
	}
	return strconv.Itoa(year) + abbr + "-" + string(code)
}

// NormalizeVersionCode reads a 版本号 as typed or scanned; see
// domain.NormalizeVersionCode.
func NormalizeVersionCode(in string) string { return domain.NormalizeVersionCode(in) }

// GenerateVersion generates a new 申报书 version of an application the
// actor may edit (下载材料): the PDF is rendered from the data as it is
// now, stored with its SHA-256 and the frozen data, and numbered. baseURL
// is the site's address, for the QR code. If the data changes while it is
// rendered, it starts again, so a version always matches its data.
func (s *Service) GenerateVersion(
	ctx context.Context,
	a domain.Actor,
	appID int64,
	baseURL string,
) (domain.Version, error) {
	if _, err := s.editable(ctx, a, appID); err != nil {
		return domain.Version{}, err
	}
	var v domain.Version
	err := s.renderInRequest(ctx, a, func() error {
		var err error
		for range 3 {
			// Within the request, as a render job does: at low priority,
			// so that a script calling this in a loop cannot starve saves.
			lowprio.Run(func() { v, err = s.generate(ctx, a, appID, baseURL, "") })
			if !errors.Is(err, store.ErrDataChanged) {
				return err
			}
		}
		return say(err, store.ErrDataChanged, "生成申报书期间申报信息被修改，请重新生成。")
	})
	return v, err
}

// generate renders and stores one version, numbered code ("" draws a new
// 版本号).
func (s *Service) generate(
	ctx context.Context,
	a domain.Actor,
	appID int64,
	baseURL, code string,
) (domain.Version, error) {
	// The data revision is read before the data: a save in between makes
	// the insert below fail instead of storing a mismatched version.
	app, err := s.store.Application(ctx, a.OrgID, appID)
	if err != nil {
		return domain.Version{}, err
	}
	view, err := s.view(ctx, app)
	if err != nil {
		return domain.Version{}, err
	}
	snap := snapshotOf(view, s.now())
	if code == "" {
		code = newVersionCode(view.Round.Year, view.Type.Abbr)
	}
	select {
	case s.renders <- struct{}{}:
		defer func() { <-s.renders }()
	case <-ctx.Done():
		return domain.Version{}, domain.Errorf(domain.TooMany, "生成申报书的人数较多，请稍后再试。")
	}
	pdf, pages, err := s.render(ctx, snap, code, baseURL)
	if err != nil {
		return domain.Version{}, err
	}
	return s.storeVersion(ctx, a, app, snap, pdf, pages, code)
}

// storeVersion keeps the PDF in the blob store and the version in the
// database; the PDF is removed again if the version is not stored.
func (s *Service) storeVersion(
	ctx context.Context,
	a domain.Actor,
	app domain.Application,
	snap snapshot,
	pdf []byte,
	pages int,
	code string,
) (domain.Version, error) {
	data, err := json.Marshal(snap)
	if err != nil {
		return domain.Version{}, domain.Wrap(err, "encode snapshot")
	}
	key, err := s.blobs.Put(ctx, bytes.NewReader(pdf))
	if err != nil {
		return domain.Version{}, domain.Wrap(err, "store 申报书")
	}
	sum := sha256.Sum256(pdf)
	v := domain.Version{
		AppID:         app.ID,
		Code:          code,
		DataRev:       app.DataRev,
		BlobKey:       key,
		Size:          int64(len(pdf)),
		Pages:         pages,
		SHA256:        hex.EncodeToString(sum[:]),
		CreatedBy:     a.ID,
		CreatedByName: a.Name,
		Problems:      snap.Problems,
		Unmet:         snap.Unmet,
	}
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		if v, err = tx.InsertVersion(ctx, v, data); err != nil {
			return say(err, store.ErrDuplicate, "版本号重复，请重新生成。")
		}
		return audit(ctx, tx, a, "version.generate", "application", app.ID, code)
	})
	if err != nil {
		_ = s.blobs.Delete(context.WithoutCancel(ctx), key)
	}
	return v, err
}

// VersionRow is a version as listed: whether it is the newest, and whether
// the data changed after it was made.
type VersionRow struct {
	domain.Version
	Newest, Stale bool
}

// VersionsView is an application's versions, the newest first.
type VersionsView struct {
	App      domain.Application
	Versions []VersionRow
}

// Newest is the newest version; nil if there is none.
func (v VersionsView) Newest() *VersionRow {
	if len(v.Versions) == 0 {
		return nil
	}
	return &v.Versions[0]
}

// Versions lists the versions of one of the actor's applications.
func (s *Service) Versions(ctx context.Context, a domain.Actor, appID int64) (VersionsView, error) {
	if err := requireCertified(a); err != nil {
		return VersionsView{}, err
	}
	app, err := s.store.Application(ctx, a.OrgID, appID)
	if err != nil {
		return VersionsView{}, err
	}
	list, err := s.store.Versions(ctx, appID)
	if err != nil {
		return VersionsView{}, err
	}
	out := VersionsView{App: app}
	for i, v := range list {
		out.Versions = append(
			out.Versions,
			VersionRow{Version: v, Newest: i == 0, Stale: v.Stale(app)},
		)
	}
	return out, nil
}

// VersionPDF opens the stored PDF of a version, byte for byte as generated.
func (s *Service) VersionPDF(
	ctx context.Context,
	a domain.Actor,
	appID, versionID int64,
) (domain.Version, io.ReadCloser, error) {
	if err := requireCertified(a); err != nil {
		return domain.Version{}, nil, err
	}
	if _, err := s.store.Application(ctx, a.OrgID, appID); err != nil {
		return domain.Version{}, nil, err
	}
	v, _, err := s.store.Version(ctx, appID, versionID)
	if err != nil {
		return v, nil, err
	}
	rc, err := s.blobs.Open(ctx, v.BlobKey)
	return v, rc, domain.Wrap(err, "open 申报书")
}

// Preview is the 核对申报信息 page's content: the document the next
// 下载材料 would print, from the same input, without a 版本号 yet.
func (s *Service) Preview(
	ctx context.Context,
	a domain.Actor,
	appID int64,
) (AppView, *docgen.Document, error) {
	v, err := s.Application(ctx, a, appID)
	if err != nil {
		return v, nil, err
	}
	doc, err := s.content(snapshotOf(v, s.now()), "")
	return v, doc, err
}

// VerifyVersion is the public check of a 版本号 typed or scanned from a
// paper copy. A malformed or unknown one is NotFound.
func (s *Service) VerifyVersion(ctx context.Context, code string) (domain.VersionCheck, error) {
	code = NormalizeVersionCode(code)
	if code == "" {
		return domain.VersionCheck{}, domain.ErrNotFound
	}
	return s.store.VersionByCode(ctx, code)
}
