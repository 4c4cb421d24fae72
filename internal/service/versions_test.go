package service_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/png"
	"io"
	"regexp"
	"strings"
	"testing"

	"hatch/internal/domain"
	"hatch/internal/service"
	"hatch/internal/store"
	"hatch/internal/storetest"
	"hatch/internal/testkit"
)

var versionCode = regexp.MustCompile(`^2021ZC-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$`)

const baseURL = "https://hatch.example.org"

// realPNG is a small decodable picture, so the 承诺书 scan really embeds.
func realPNG(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 60, 85))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// download reads a version's stored PDF through the service.
func download(t *testing.T, svc *testService, a domain.Actor, appID, vid int64) []byte {
	t.Helper()
	_, rc, err := svc.VersionPDF(ctx, a, appID, vid)
	wantOK(t, err)
	defer rc.Close()
	b, err := io.ReadAll(rc)
	wantOK(t, err)
	return b
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func TestVersionsGenerateAndKeep(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newAppEnv(t, st, nil)
		appID := e.newApp(t)
		_, err := e.svc.AttachFile(ctx, e.a, appID, 0, "pledge", upload("承诺书.png", realPNG(t)))
		wantOK(t, err)

		v1, err := e.svc.GenerateVersion(ctx, e.a, appID, baseURL)
		wantOK(t, err)
		v2, err := e.svc.GenerateVersion(ctx, e.a, appID, baseURL)
		wantOK(t, err)

		t.Run("each generation has its own 版本号, numbered in order", func(t *testing.T) {
			for _, v := range []domain.Version{v1, v2} {
				if !versionCode.MatchString(v.Code) {
					t.Errorf("版本号 %q does not look like 2021ZC-XXXX-XXXX", v.Code)
				}
			}
			if v1.Code == v2.Code || v1.Seq != 1 || v2.Seq != 2 {
				t.Errorf("v1 %s #%d, v2 %s #%d: want distinct codes numbered 1 and 2", v1.Code, v1.Seq, v2.Code, v2.Seq)
			}
		})
		t.Run("both versions download byte-identical, matching their SHA-256", func(t *testing.T) {
			for _, v := range []domain.Version{v1, v2} {
				first, again := download(t, e.svc, e.a, appID, v.ID), download(t, e.svc, e.a, appID, v.ID)
				if !bytes.Equal(first, again) || sha(first) != v.SHA256 || int64(len(first)) != v.Size {
					t.Errorf("version %s: downloads differ or do not match the stored hash and size", v.Code)
				}
				if !bytes.Contains(first, []byte("%PDF-")) || v.Pages < 10 {
					t.Errorf("version %s: not a full 申报书 (%d pages)", v.Code, v.Pages)
				}
			}
		})
		t.Run("the frozen snapshot prints the same bytes again", func(t *testing.T) {
			again, err := e.svc.RenderSnapshot(ctx, e.a, appID, v1.ID, baseURL)
			wantOK(t, err)
			if sha(again) != v1.SHA256 {
				t.Errorf("re-rendering the snapshot of %s gave different bytes", v1.Code)
			}
		})
		t.Run("a version generated with problems says on its cover and every page that it cannot be submitted", func(t *testing.T) {
			if v1.Problems == 0 || v1.Unmet == 0 {
				t.Fatalf("an unfinished application's version records %d problems, %d conditions not met", v1.Problems, v1.Unmet)
			}
			vv, err := e.svc.Versions(ctx, e.a, appID)
			wantOK(t, err)
			want := fmt.Sprintf("此版本生成时仍有 %d 处问题未修正、%d 项备案条件不符合，只能用于核对，不能提交", v1.Problems, v1.Unmet)
			if got := vv.Versions[1].Unsubmittable(); !strings.HasPrefix(got, want) {
				t.Errorf("listed version says %q, want %q…", got, want)
			}
			pdf := download(t, e.svc, e.a, appID, v1.ID)
			text := testkit.PDFText(t, pdf)
			cover := strings.Join(strings.Fields(testkit.PDFText(t, pdf, "-f", "1", "-l", "1")), "")
			for _, part := range []string{"【不能提交】此版本生成时仍有", "只能用于核对，不能提交，也不要盖章报送。"} {
				if !strings.Contains(cover, part) {
					t.Errorf("the cover lacks %q:\n%s", part, cover)
				}
			}
			if n := strings.Count(text, "核对用草稿，不能提交"); n != v1.Pages {
				t.Errorf("%d of %d pages say 核对用草稿，不能提交", n, v1.Pages)
			}
		})
		t.Run("the newest is marked and nothing is stale before a change", func(t *testing.T) {
			vv, err := e.svc.Versions(ctx, e.a, appID)
			wantOK(t, err)
			if len(vv.Versions) != 2 || vv.Versions[0].ID != v2.ID || !vv.Versions[0].Newest || vv.Versions[1].Newest {
				t.Fatalf("versions = %+v, want v2 newest first", vv.Versions)
			}
			if vv.Versions[0].Stale || vv.Versions[1].Stale || vv.App.VersionStale() {
				t.Errorf("a version is stale although nothing changed")
			}
		})
		t.Run("a change after generation marks every version 数据已修改", func(t *testing.T) {
			_, err := e.svc.SaveSection(ctx, e.a, appID, "basic", appValues("address", "北京市海淀区中关村大街 8 号"), 0)
			wantOK(t, err)
			vv, err := e.svc.Versions(ctx, e.a, appID)
			wantOK(t, err)
			for _, v := range vv.Versions {
				if !v.Stale {
					t.Errorf("version %s is not marked stale after a save", v.Code)
				}
			}
			if !vv.App.VersionStale() {
				t.Errorf("the application does not say its newest version is stale")
			}
			v3, err := e.svc.GenerateVersion(ctx, e.a, appID, baseURL)
			wantOK(t, err)
			vv, _ = e.svc.Versions(ctx, e.a, appID)
			if vv.Versions[0].ID != v3.ID || vv.Versions[0].Stale || vv.App.VersionStale() {
				t.Errorf("the new version is stale or not the newest")
			}
		})
	})
}

func TestVersionsRefuseOthers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newAppEnv(t, st, nil)
		appID := e.newApp(t)
		v, err := e.svc.GenerateVersion(ctx, e.a, appID, baseURL)
		wantOK(t, err)
		staffA := actorOf(t, e.svc, st, e.f.A.Staff.ID)
		t.Run("the organisation's staff may generate and download", func(t *testing.T) {
			_, err := e.svc.GenerateVersion(ctx, staffA, appID, baseURL)
			wantOK(t, err)
			download(t, e.svc, staffA, appID, v.ID)
		})
		t.Run("another organisation gets not found everywhere", func(t *testing.T) {
			_, err := e.svc.GenerateVersion(ctx, e.b, appID, baseURL)
			wantKind(t, err, domain.NotFound)
			_, err = e.svc.Versions(ctx, e.b, appID)
			wantKind(t, err, domain.NotFound)
			_, _, err = e.svc.VersionPDF(ctx, e.b, appID, v.ID)
			wantKind(t, err, domain.NotFound)
		})
		t.Run("a version id of another application is not found", func(t *testing.T) {
			bApp, err := e.svc.CreateApplication(ctx, e.b, e.spaceB, e.round.ID)
			wantOK(t, err)
			_, _, err = e.svc.VersionPDF(ctx, e.b, bApp, v.ID)
			wantKind(t, err, domain.NotFound)
		})
		t.Run("an uncertified organisation is refused", func(t *testing.T) {
			m := actorOf(t, e.svc, st, e.f.Migrated.Legal.ID)
			_, err := e.svc.GenerateVersion(ctx, m, appID, baseURL)
			if err == nil {
				t.Fatal("generated for an uncertified actor")
			}
		})
	})
}

func TestVersionsDataChangedWhileGenerating(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newAppEnv(t, st, nil)
		appID := e.newApp(t)
		app, err := st.Application(ctx, e.a.OrgID, appID)
		wantOK(t, err)
		e.saveRow(t, appID, "teams", appTeam("在孵")) // the data moves on
		err = st.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.InsertVersion(ctx, domain.Version{AppID: appID, Code: "2021ZC-0000-0000", DataRev: app.DataRev,
				BlobKey: "x", SHA256: "x"}, []byte("{}"))
			return err
		})
		if err != store.ErrDataChanged {
			t.Fatalf("storing a version of old data: err = %v, want ErrDataChanged", err)
		}
		if vs, _ := st.Versions(ctx, appID); len(vs) != 0 {
			t.Errorf("a version of old data was stored")
		}
	})
}

func TestVersionsVerify(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newAppEnv(t, st, nil)
		appID := e.newApp(t)
		v, err := e.svc.GenerateVersion(ctx, e.a, appID, baseURL)
		wantOK(t, err)
		plain := strings.ReplaceAll(v.Code, "-", "")
		for name, typed := range map[string]string{
			"as printed":                    v.Code,
			"lower case without dashes":     strings.ToLower(plain),
			"with spaces":                   plain[:6] + " " + plain[6:10] + " " + plain[10:],
			"the QR code's whole address":   baseURL + "/verify?v=" + v.Code,
			"O typed for 0 and I for 1":     strings.NewReplacer("0", "O", "1", "I").Replace(v.Code[4:]) + "",
			"full-width space and trailing": "\u3000" + v.Code + " ",
		} {
			if name == "O typed for 0 and I for 1" {
				typed = "2021" + typed // the year is digits already
				typed = strings.Replace(typed, "2021", "2O2I", 1)
			}
			t.Run(name+" is found", func(t *testing.T) {
				c, err := e.svc.VerifyVersion(ctx, typed)
				wantOK(t, err)
				if c.Version.ID != v.ID || c.Carrier != "甲众创空间" || c.Operator != e.f.A.Name || c.Round == "" {
					t.Errorf("verify %q = %+v", typed, c)
				}
				if c.Submitted {
					t.Errorf("a version is reported submitted before any submission")
				}
			})
		}
		for name, typed := range map[string]string{
			"another code":  "2021ZC-ZZZZ-ZZZZ",
			"too short":     v.Code[:10],
			"not a code":    "<script>alert(1)</script>",
			"empty":         "",
			"non-ASCII":     "二〇二一ZC-7K3M-Q9TX",
			"SQL wildcards": "2021ZC-%%%%-____",
		} {
			t.Run(name+" is not found", func(t *testing.T) {
				_, err := e.svc.VerifyVersion(ctx, typed)
				wantKind(t, err, domain.NotFound)
			})
		}
	})
}

func FuzzNormalizeVersionCode(f *testing.F) {
	for _, s := range []string{"2021ZC-7K3M-Q9TX", "2021zc7k3mq9tx", "https://x/verify?v=2021ZC-7K3M-Q9TX", "", "v=", "2021ZC-OOOO-IIII", "\u3000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := service.NormalizeVersionCode(in)
		if out == "" {
			return
		}
		if !versionCode.MatchString("2021ZC"+out[6:]) || len(out) != 16 {
			t.Fatalf("NormalizeVersionCode(%q) = %q: not canonical", in, out)
		}
		if again := service.NormalizeVersionCode(out); again != out {
			t.Fatalf("not idempotent: %q → %q → %q", in, out, again)
		}
	})
}
