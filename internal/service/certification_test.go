package service_test

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"hatch/internal/domain"
	"hatch/internal/service"
	"hatch/internal/store"
	"hatch/internal/storetest"
)

// legalInfo is a 修改法人信息 form that matches o's registry entry, with the
// legal representative acting in person (so no letter is needed), saved
// as confirmed: a change to what 实名认证 checks runs it again.
func legalInfo(o orgFixture, rev int64) service.LegalInfo {
	return service.LegalInfo{Revision: rev, Name: o.Name, OrgType: "企业法人",
		RegAddress: "福建省厦门市思明区软件园二期望海路1号", RegionCode: "350200",
		AuthName: o.RepName, AuthIDType: "idcard", AuthIDNumber: o.RepID, AuthMobile: "13912345678",
		RepName: o.RepName, RepIDType: "idcard", RepIDNumber: o.RepID, Confirmed: true}
}

// certsOf lists an organisation's certification attempts, newest first.
func certsOf(t testing.TB, st *store.Store, orgID int64) []domain.Certification {
	t.Helper()
	list, err := st.Certifications(ctx, orgID, "", 100)
	if err != nil {
		t.Fatalf("certifications: %v", err)
	}
	return list
}

func TestSaveLegalInfoAutomaticCheck(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := seed(t, st)
		svc := newService(t, st)
		unlisted := addOrg(t, st, orgFixture{Name: "广州未登记科技有限公司", USCC: usccUnlisted, RepName: "钱七", RepID: idRepA,
			Legal: account{Login: "legal-unlisted"}}, domain.CertNone, false)

		cases := []struct {
			name         string
			org          orgFixture
			edit         func(in *service.LegalInfo)
			wantStatus   domain.CertStatus
			wantMismatch string // part of a listed mismatch; "" when none may be listed
		}{
			{"matching registry entry passes and certifies the organisation", f.Migrated, nil, domain.CertPassed, ""},
			{"a different organisation name fails and names the name", f.Migrated,
				func(in *service.LegalInfo) { in.Name = "厦门演示科技股份有限公司" }, domain.CertFailed, "单位名称"},
			{"a different representative name fails and names the representative", f.Migrated,
				func(in *service.LegalInfo) { in.RepName, in.AuthName = "王六", "王六" }, domain.CertFailed, "法定代表人姓名"},
			{"a different representative ID fails and names the ID number", f.Migrated,
				func(in *service.LegalInfo) { in.RepIDNumber, in.AuthIDNumber = idRepA, idRepA }, domain.CertFailed, "法定代表人证件号码"},
			{"a USCC missing from the registry fails and says so", unlisted, nil, domain.CertFailed, "未在法人登记信息中找到"},
			{"a lower-case x in the ID number is normalised and passes", f.A,
				func(in *service.LegalInfo) {
					in.RepIDNumber, in.AuthIDNumber = strings.ToLower(idRepA), strings.ToLower(idRepA)
				}, domain.CertPassed, ""},
			{"correcting the name after a failure passes again", f.Migrated, nil, domain.CertPassed, ""},
		}
		for _, tt := range cases {
			t.Run(tt.name, func(t *testing.T) {
				before := org(t, st, tt.org.ID)
				in := legalInfo(tt.org, before.Revision)
				if tt.edit != nil {
					tt.edit(&in)
				}
				res, err := svc.SaveLegalInfo(ctx, actorOf(t, svc, st, tt.org.Legal.ID), in)
				wantOK(t, err)
				if res.Status != tt.wantStatus {
					t.Fatalf("status = %s, want %s (mismatches %q)", res.Status, tt.wantStatus, res.Mismatches)
				}
				joined := strings.Join(res.Mismatches, "\n")
				if tt.wantMismatch == "" && len(res.Mismatches) != 0 {
					t.Fatalf("unexpected mismatches %q", res.Mismatches)
				}
				if tt.wantMismatch != "" && !strings.Contains(joined, tt.wantMismatch) {
					t.Fatalf("mismatches %q do not mention %q", res.Mismatches, tt.wantMismatch)
				}
				after := org(t, st, tt.org.ID)
				if after.CertStatus != tt.wantStatus || after.CertNote != joined {
					t.Fatalf("org status %s note %q, want %s %q", after.CertStatus, after.CertNote, tt.wantStatus, joined)
				}
				if after.Name != in.Name || after.RegionCode != "350200" || !strings.Contains(after.RegionName, "厦门") {
					t.Fatalf("saved org = name %q region %q %q", after.Name, after.RegionCode, after.RegionName)
				}
				if latest := certsOf(t, st, tt.org.ID); len(latest) == 0 || latest[0].Kind != "auto" || latest[0].Status != tt.wantStatus {
					t.Fatalf("latest certification record = %+v", latest)
				}
				state := actorOf(t, svc, st, tt.org.Legal.ID)
				if state.OrgCertified != tt.wantStatus.Certified() {
					t.Fatalf("Actor.OrgCertified = %v after status %s", state.OrgCertified, tt.wantStatus)
				}
			})
		}
	})
}

func TestSaveLegalInfoValidation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := seed(t, st)
		svc := newService(t, st)
		legal := actorOf(t, svc, st, f.Migrated.Legal.ID)
		const badChecksum = "110105194912310021" // idRepA with a wrong check digit

		cases := []struct {
			name  string
			edit  func(in *service.LegalInfo)
			field string
		}{
			{"a representative ID with a wrong check digit is a field error on rep_id_number",
				func(in *service.LegalInfo) { in.RepIDNumber, in.AuthIDNumber = badChecksum, badChecksum }, "rep_id_number"},
			{"an authorised person's ID with a wrong check digit is a field error on auth_id_number",
				func(in *service.LegalInfo) {
					in.AuthName, in.AuthIDNumber = "赵六", badChecksum
					in.AuthLetter = upload("授权书.pdf", pdfBytes())
				}, "auth_id_number"},
			{"a mobile number not starting with 1 is a field error on auth_mobile",
				func(in *service.LegalInfo) { in.AuthMobile = "23912345678" }, "auth_mobile"},
			{"a ten-digit mobile number is a field error on auth_mobile",
				func(in *service.LegalInfo) { in.AuthMobile = "1391234567" }, "auth_mobile"},
			{"an authorised person other than the representative needs a letter",
				func(in *service.LegalInfo) { in.AuthName, in.AuthIDNumber = "赵六", idRepA }, "auth_letter"},
			{"a letter that is not a PDF or image is a field error on auth_letter",
				func(in *service.LegalInfo) {
					in.AuthName, in.AuthIDNumber = "赵六", idRepA
					in.AuthLetter = upload("授权书.pdf", []byte("MZ\x90\x00 this is an exe"))
				}, "auth_letter"},
			{"an unknown region code is a field error on region",
				func(in *service.LegalInfo) { in.RegionCode = "999999" }, "region"},
			{"a placeholder region code (北京市 市辖区) is a field error on region",
				func(in *service.LegalInfo) { in.RegionCode = "110100" }, "region"},
			{"an unknown organisation type is a field error on org_type",
				func(in *service.LegalInfo) { in.OrgType = "有限公司" }, "org_type"},
			{"a missing name is a field error on name",
				func(in *service.LegalInfo) { in.Name = "  " }, "name"},
			{"a missing representative name is a field error on rep_name",
				func(in *service.LegalInfo) { in.RepName = "" }, "rep_name"},
		}
		for _, tt := range cases {
			t.Run(tt.name, func(t *testing.T) {
				before := org(t, st, f.Migrated.ID)
				in := legalInfo(f.Migrated, before.Revision)
				tt.edit(&in)
				_, err := svc.SaveLegalInfo(ctx, legal, in)
				wantField(t, err, tt.field)
				after := org(t, st, f.Migrated.ID)
				if after.Revision != before.Revision || after.CertStatus != before.CertStatus {
					t.Fatalf("refused form changed the org: revision %d→%d, status %s→%s",
						before.Revision, after.Revision, before.CertStatus, after.CertStatus)
				}
			})
		}
		if n := len(certsOf(t, st, f.Migrated.ID)); n != 0 {
			t.Fatalf("refused forms recorded %d certification attempts", n)
		}
	})
}

func TestSaveLegalInfoRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := seed(t, st)
		svc := newService(t, st)

		t.Run("an authorised person with a letter passes and the letter is kept on the next save", func(t *testing.T) {
			legal := actorOf(t, svc, st, f.B.Legal.ID)
			in := legalInfo(f.B, org(t, st, f.B.ID).Revision)
			in.AuthName, in.AuthIDNumber = "赵六", idRepA
			in.AuthLetter = upload("法人授权书.PDF", pdfBytes())
			res, err := svc.SaveLegalInfo(ctx, legal, in)
			wantOK(t, err)
			if res.Status != domain.CertPassed {
				t.Fatalf("status %s %q", res.Status, res.Mismatches)
			}
			o := org(t, st, f.B.ID)
			if o.AuthLetterID == 0 || o.AuthName != "赵六" {
				t.Fatalf("letter %d, auth name %q", o.AuthLetterID, o.AuthName)
			}
			att, err := st.Attachment(ctx, o.AuthLetterID)
			wantOK(t, err)
			if att.ContentType != "application/pdf" || att.OrgID != f.B.ID || att.Name != "法人授权书.pdf" {
				t.Fatalf("letter attachment = %+v", att)
			}
			in.Revision, in.AuthLetter = o.Revision, nil
			_, err = svc.SaveLegalInfo(ctx, legal, in)
			wantOK(t, err)
			if got := org(t, st, f.B.ID).AuthLetterID; got != o.AuthLetterID {
				t.Fatalf("letter changed from %d to %d on a save without a new letter", o.AuthLetterID, got)
			}
		})

		t.Run("changing the authorised person needs a new letter", func(t *testing.T) {
			legal := actorOf(t, svc, st, f.A.Legal.ID)
			in := legalInfo(f.A, org(t, st, f.A.ID).Revision)
			in.AuthName, in.AuthIDNumber = "赵六", idRepB
			in.AuthLetter = upload("授权赵六.pdf", pdfBytes())
			wantOK(t, errOnly(svc.SaveLegalInfo(ctx, legal, in)))
			// The letter on file authorises 赵六; it says nothing about 孙八.
			before := org(t, st, f.A.ID)
			in = legalInfo(f.A, before.Revision)
			in.AuthName, in.AuthIDNumber = "孙八", idOther
			_, err := svc.SaveLegalInfo(ctx, legal, in)
			wantField(t, err, "auth_letter")
			if after := org(t, st, f.A.ID); after.AuthName != "赵六" {
				t.Fatalf("authorised person changed to %q on the strength of 赵六's letter", after.AuthName)
			}
		})

		t.Run("a stale revision is a Conflict and changes nothing", func(t *testing.T) {
			legal := actorOf(t, svc, st, f.A.Legal.ID)
			stale := org(t, st, f.A.ID).Revision
			wantOK(t, errOnly(svc.SaveLegalInfo(ctx, legal, legalInfo(f.A, stale))))
			current := org(t, st, f.A.ID)
			in := legalInfo(f.A, stale)
			in.Name = "北京甲孵化器有限公司（改）"
			_, err := svc.SaveLegalInfo(ctx, legal, in)
			wantKind(t, err, domain.Conflict)
			if after := org(t, st, f.A.ID); after.Name != current.Name || after.Revision != current.Revision || after.CertStatus != domain.CertPassed {
				t.Fatalf("conflicting save changed the org: %+v", after)
			}
		})

		for _, who := range []struct {
			name string
			id   int64
		}{
			{"a staff account may not save legal information", f.A.Staff.ID},
			{"an admin may not save legal information", f.Admin.ID},
			{"a reviewer may not save legal information", f.Reviewer.ID},
		} {
			t.Run(who.name, func(t *testing.T) {
				_, err := svc.SaveLegalInfo(ctx, actorOf(t, svc, st, who.id), legalInfo(f.A, org(t, st, f.A.ID).Revision))
				wantKind(t, err, domain.Forbidden)
			})
		}
	})
}

func errOnly(_ service.CertResult, err error) error { return err }

func TestSaveLegalInfoKeepsAStandingCertification(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := seed(t, st)
		svc := newService(t, st)
		admin := actorOf(t, svc, st, f.Admin.ID)
		certified := func(t *testing.T, o orgFixture) domain.CertStatus {
			t.Helper()
			res, err := svc.SaveLegalInfo(ctx, actorOf(t, svc, st, o.Legal.ID), legalInfo(o, org(t, st, o.ID).Revision))
			wantOK(t, err)
			return res.Status
		}
		manual := func(t *testing.T, n int, approve bool) orgFixture {
			t.Helper()
			o := failedOrg(t, st, n, false) // not in the registry: only a manual check can pass
			legal := actorOf(t, svc, st, o.Legal.ID)
			wantOK(t, errOnly(svc.SaveLegalInfo(ctx, legal, legalInfo(o, org(t, st, o.ID).Revision))))
			wantOK(t, svc.RequestManualCert(ctx, legal, service.ManualRequest{License: upload("营业执照.png", pngBytes()),
				IDCard: upload("身份证.png", pngBytes())}))
			if approve {
				wantOK(t, svc.DecideCert(ctx, admin, certsOf(t, st, o.ID)[0].ID, true, ""))
			}
			return o
		}
		tests := []struct {
			name    string
			setup   func(t *testing.T) orgFixture
			edit    func(in *service.LegalInfo)
			want    domain.CertStatus
			kept    bool
			changes string // the unconfirmed changes' labels; "" when saved
		}{
			{"an automatic pass is kept by an unchanged save",
				func(t *testing.T) orgFixture { certified(t, f.A); return f.A }, nil, domain.CertPassed, true, ""},
			{"a manual approval is kept by an unchanged save, though the registry would refuse it",
				func(t *testing.T) orgFixture { return manual(t, 101, true) }, nil, domain.CertManualApproved, true, ""},
			{"a manual approval is kept by a new address",
				func(t *testing.T) orgFixture { return manual(t, 102, true) },
				func(in *service.LegalInfo) { in.RegAddress = "福建省厦门市湖里区1号" }, domain.CertManualApproved, true, ""},
			{"a waiting manual request is kept by an unchanged save",
				func(t *testing.T) orgFixture { return manual(t, 103, false) }, nil, domain.CertManualPending, true, ""},
			{"an unconfirmed change of the representative saves nothing and lists the change",
				func(t *testing.T) orgFixture { return manual(t, 104, true) },
				func(in *service.LegalInfo) { in.Confirmed, in.RepName, in.AuthName = false, "王六", "王六" },
				domain.CertManualApproved, false, "法定代表人姓名"},
			{"a confirmed change of the name runs the check again",
				func(t *testing.T) orgFixture { return manual(t, 105, true) },
				func(in *service.LegalInfo) { in.Name = "改名后的单位" }, domain.CertFailed, false, ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				o := tt.setup(t)
				before, checks := org(t, st, o.ID), len(certsOf(t, st, o.ID))
				in := legalInfo(o, before.Revision)
				if tt.edit != nil {
					tt.edit(&in)
				}
				res, err := svc.SaveLegalInfo(ctx, actorOf(t, svc, st, o.Legal.ID), in)
				wantOK(t, err)
				var labels []string
				for _, c := range res.Unconfirmed {
					labels = append(labels, c.Label)
				}
				after := org(t, st, o.ID)
				if after.CertStatus != tt.want || res.Kept != tt.kept || strings.Join(labels, "、") != tt.changes {
					t.Fatalf("status %s kept %v changes %q; want %s %v %q", after.CertStatus, res.Kept, labels, tt.want, tt.kept, tt.changes)
				}
				switch n := len(certsOf(t, st, o.ID)); {
				case tt.kept && n != checks, tt.changes != "" && n != checks:
					t.Errorf("%d certification records, were %d", n, checks)
				case tt.changes != "" && after.Revision != before.Revision:
					t.Error("an unconfirmed change was saved")
				}
			})
		}
		t.Run("a waiting request voided by a confirmed change is 已作废 and cannot be decided", func(t *testing.T) {
			o := manual(t, 106, false)
			in := legalInfo(o, org(t, st, o.ID).Revision)
			in.Name = "又改名的单位"
			wantOK(t, errOnly(svc.SaveLegalInfo(ctx, actorOf(t, svc, st, o.Legal.ID), in)))
			var req domain.Certification
			for _, c := range certsOf(t, st, o.ID) {
				if c.Kind == "manual" {
					req = c
				}
			}
			if req.Status != domain.CertManualVoid || req.Status.Label() != "已作废" || req.DecidedBy != 0 {
				t.Fatalf("the request is %s (%s), decided by %d", req.Status, req.Status.Label(), req.DecidedBy)
			}
			wantKind(t, svc.DecideCert(ctx, admin, req.ID, true, ""), domain.Conflict)
		})
	})
}

// failedOrg makes a new organisation whose automatic check failed.
// inRegistry puts it in the registry, so that a later automatic check can pass.
func failedOrg(t testing.TB, st *store.Store, n int, inRegistry bool) orgFixture {
	return addOrg(t, st, orgFixture{Name: fmt.Sprintf("人工认证测试单位%d", n), USCC: fmt.Sprintf("MANUAL%012d", n),
		RepName: "周九", RepID: idOther, Legal: account{Login: fmt.Sprintf("manual-%d", n)}}, domain.CertFailed, inRegistry)
}

func TestManualCertification(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := seed(t, st)
		svc := newService(t, st)
		admin := actorOf(t, svc, st, f.Admin.ID)
		photos := func() service.ManualRequest {
			return service.ManualRequest{License: upload("营业执照.png", pngBytes()), IDCard: upload("身份证.jpg", pngBytes()), Note: "登记信息已变更"}
		}
		// pending submits a manual request for a new failed org and returns it.
		n := 0
		pendingFor := func(t *testing.T, o orgFixture) (orgFixture, domain.Certification) {
			t.Helper()
			wantOK(t, svc.RequestManualCert(ctx, actorOf(t, svc, st, o.Legal.ID), photos()))
			list := certsOf(t, st, o.ID)
			if len(list) == 0 || list[0].Kind != "manual" || list[0].Status != domain.CertManualPending {
				t.Fatalf("no pending manual request: %+v", list)
			}
			return o, list[0]
		}
		pending := func(t *testing.T) (orgFixture, domain.Certification) {
			t.Helper()
			n++
			return pendingFor(t, failedOrg(t, st, n, true))
		}

		for _, tt := range []struct {
			name string
			o    orgFixture
		}{
			{"manual certification is refused before any automatic check", f.Migrated},
			{"manual certification is refused once certified", f.A},
		} {
			t.Run(tt.name, func(t *testing.T) {
				err := svc.RequestManualCert(ctx, actorOf(t, svc, st, tt.o.Legal.ID), photos())
				wantKind(t, err, domain.Conflict)
			})
		}

		t.Run("manual certification is offered after the automatic check failed", func(t *testing.T) {
			legal := actorOf(t, svc, st, f.Migrated.Legal.ID)
			in := legalInfo(f.Migrated, org(t, st, f.Migrated.ID).Revision)
			in.Name = "厦门演示科技（旧名）有限公司"
			res, err := svc.SaveLegalInfo(ctx, legal, in)
			wantOK(t, err)
			if res.Status != domain.CertFailed {
				t.Fatalf("status %s", res.Status)
			}
			wantOK(t, svc.RequestManualCert(ctx, legal, photos()))
			if got := org(t, st, f.Migrated.ID).CertStatus; got != domain.CertManualPending {
				t.Fatalf("org status %s, want manual_pending", got)
			}
		})

		t.Run("PNG photos are accepted, named by content and queued for admins", func(t *testing.T) {
			o, c := pending(t)
			queue, err := svc.CertQueue(ctx, admin, domain.CertManualPending)
			wantOK(t, err)
			found := false
			for _, q := range queue {
				if q.ID == c.ID {
					found = q.OrgID == o.ID && q.OrgName == o.Name && q.LicenseID != 0 && q.IDCardID != 0 && q.Detail == "登记信息已变更"
				}
			}
			if !found {
				t.Fatalf("request %d not in the admin queue as expected: %+v", c.ID, queue)
			}
			lic, err := st.Attachment(ctx, c.LicenseID)
			wantOK(t, err)
			idc, err := st.Attachment(ctx, c.IDCardID)
			wantOK(t, err)
			if lic.ContentType != "image/png" || lic.Name != "营业执照.png" || idc.Name != "身份证.png" {
				t.Fatalf("attachments = %+v / %+v; the extension must follow the content", lic, idc)
			}
			_, rc, err := svc.OpenAttachment(ctx, admin, c.LicenseID)
			wantOK(t, err)
			got, _ := io.ReadAll(rc)
			rc.Close()
			if !bytes.Equal(got, pngBytes()) {
				t.Fatal("admin read back different bytes")
			}
			_, _, err = svc.OpenAttachment(ctx, actorOf(t, svc, st, f.B.Legal.ID), c.LicenseID)
			wantKind(t, err, domain.NotFound)
		})

		refused := []struct {
			name  string
			req   func() service.ManualRequest
			field string
		}{
			{"a text file named .png is refused with a field error on license", func() service.ManualRequest {
				r := photos()
				r.License = upload("营业执照.png", []byte("这不是图片，只是文字。"))
				return r
			}, "license"},
			{"an empty ID card file is refused with a field error on idcard", func() service.ManualRequest {
				r := photos()
				r.IDCard = upload("身份证.png", nil)
				return r
			}, "idcard"},
			{"a missing licence photo is a field error on license", func() service.ManualRequest {
				r := photos()
				r.License = nil
				return r
			}, "license"},
			{"a missing ID card photo is a field error on idcard", func() service.ManualRequest {
				r := photos()
				r.IDCard = nil
				return r
			}, "idcard"},
		}
		for _, tt := range refused {
			t.Run(tt.name, func(t *testing.T) {
				n++
				o := failedOrg(t, st, n, false)
				filesBefore := blobFiles(t, svc.BlobDir)
				err := svc.RequestManualCert(ctx, actorOf(t, svc, st, o.Legal.ID), tt.req())
				wantField(t, err, tt.field)
				if tt.field == "license" && blobFiles(t, svc.BlobDir) != filesBefore {
					t.Fatal("a request refused at the first file still stored a file")
				}
				if got := org(t, st, o.ID).CertStatus; got != domain.CertFailed {
					t.Fatalf("org status %s after a refused request, want failed", got)
				}
				if list := certsOf(t, st, o.ID); len(list) != 0 {
					t.Fatalf("refused request recorded: %+v", list)
				}
			})
		}

		t.Run("rejecting without a reason is a field error on reason", func(t *testing.T) {
			o, c := pending(t)
			wantField(t, svc.DecideCert(ctx, admin, c.ID, false, "   "), "reason")
			if got := org(t, st, o.ID).CertStatus; got != domain.CertManualPending {
				t.Fatalf("status %s, want still pending", got)
			}
		})

		t.Run("rejecting with a reason marks the org manual_rejected with the reason as note", func(t *testing.T) {
			o, c := pending(t)
			const reason = "营业执照照片不清晰，请重新拍摄。"
			wantOK(t, svc.DecideCert(ctx, admin, c.ID, false, reason))
			got := org(t, st, o.ID)
			if got.CertStatus != domain.CertManualRejected || got.CertNote != reason {
				t.Fatalf("org status %s note %q", got.CertStatus, got.CertNote)
			}
			rec, err := st.CertificationByID(ctx, c.ID)
			wantOK(t, err)
			if rec.Status != domain.CertManualRejected || rec.Reason != reason || rec.DecidedBy != admin.ID || rec.DecidedAt.IsZero() {
				t.Fatalf("decided record = %+v", rec)
			}
			legal := actorOf(t, svc, st, o.Legal.ID)
			if legal.OrgCertified {
				t.Fatal("rejected org counts as certified")
			}
			// A rejected org may try again.
			wantOK(t, svc.RequestManualCert(ctx, legal, photos()))
		})

		t.Run("approving certifies the org", func(t *testing.T) {
			o, c := pending(t)
			wantOK(t, svc.DecideCert(ctx, admin, c.ID, true, ""))
			got := org(t, st, o.ID)
			if got.CertStatus != domain.CertManualApproved || got.CertifiedAt.IsZero() {
				t.Fatalf("org status %s certified at %v", got.CertStatus, got.CertifiedAt)
			}
			legal := actorOf(t, svc, st, o.Legal.ID)
			if !legal.OrgCertified {
				t.Fatal("approved org does not count as certified")
			}
			_, err := svc.CreateCarrier(ctx, legal, carrierInput(domain.KindIncubator, "人工认证后的孵化器"))
			wantOK(t, err)
		})

		t.Run("deciding twice is a Conflict", func(t *testing.T) {
			o, c := pending(t)
			wantOK(t, svc.DecideCert(ctx, admin, c.ID, true, ""))
			wantKind(t, svc.DecideCert(ctx, admin, c.ID, false, "改判"), domain.Conflict)
			wantKind(t, svc.DecideCert(ctx, admin, c.ID, true, ""), domain.Conflict)
			if got := org(t, st, o.ID); got.CertStatus != domain.CertManualApproved {
				t.Fatalf("second decision changed the org to %s", got.CertStatus)
			}
		})

		t.Run("a second request while one is pending is a Conflict", func(t *testing.T) {
			o, _ := pending(t)
			err := svc.RequestManualCert(ctx, actorOf(t, svc, st, o.Legal.ID), photos())
			wantKind(t, err, domain.Conflict)
			if n := len(certsOf(t, st, o.ID)); n != 1 {
				t.Fatalf("%d requests recorded, want 1", n)
			}
		})

		t.Run("approving a request after the legal information changed does not certify unverified information", func(t *testing.T) {
			o, c := pending(t)
			legal := actorOf(t, svc, st, o.Legal.ID)
			in := legalInfo(o, org(t, st, o.ID).Revision)
			in.Name, in.RepName, in.AuthName = "改名后的单位", "冒名者", "冒名者"
			if _, err := svc.SaveLegalInfo(ctx, legal, in); err != nil {
				wantKind(t, err, domain.Conflict) // refusing edits while a request is pending is a fix too
				return
			}
			err := svc.DecideCert(ctx, admin, c.ID, true, "")
			if got := org(t, st, o.ID); err == nil && got.CertStatus.Certified() {
				t.Fatalf("the admin approved photos of %q, but the org is now certified as %q with representative %q",
					o.Name, got.Name, got.RepName)
			}
		})

		t.Run("rejecting a request overtaken by a passed automatic check leaves the org certified", func(t *testing.T) {
			// The automatic check needs a USCC with a valid checksum.
			o, c := pendingFor(t, addOrg(t, st, orgFixture{Name: "先人工后自动的单位", USCC: usccSpare1, RepName: "周九", RepID: idOther,
				Legal: account{Login: "overtaken"}}, domain.CertFailed, true))
			legal := actorOf(t, svc, st, o.Legal.ID)
			res, err := svc.SaveLegalInfo(ctx, legal, legalInfo(o, org(t, st, o.ID).Revision))
			if err != nil {
				wantKind(t, err, domain.Conflict) // refusing edits while a request is pending is a fix too
				return
			}
			if res.Status != domain.CertPassed {
				t.Fatalf("automatic check: %s %q", res.Status, res.Mismatches)
			}
			_ = svc.DecideCert(ctx, admin, c.ID, false, "照片不清晰")
			if got := org(t, st, o.ID); !got.CertStatus.Certified() {
				t.Fatalf("rejecting a superseded manual request de-certified the org: status %s", got.CertStatus)
			}
		})

		t.Run("deciding an unknown request is NotFound", func(t *testing.T) {
			wantKind(t, svc.DecideCert(ctx, admin, 987654, true, ""), domain.NotFound)
		})

		for _, who := range []struct {
			name string
			id   func(o orgFixture) int64
		}{
			{"the applicant cannot decide its own request", func(o orgFixture) int64 { return o.Legal.ID }},
			{"a staff account cannot decide", func(orgFixture) int64 { return f.A.Staff.ID }},
			{"a reviewer cannot decide", func(orgFixture) int64 { return f.Reviewer.ID }},
		} {
			t.Run(who.name, func(t *testing.T) {
				o, c := pending(t)
				a := actorOf(t, svc, st, who.id(o))
				wantKind(t, svc.DecideCert(ctx, a, c.ID, true, ""), domain.Forbidden)
				_, err := svc.CertQueue(ctx, a, domain.CertManualPending)
				wantKind(t, err, domain.Forbidden)
				if got := org(t, st, o.ID).CertStatus; got != domain.CertManualPending {
					t.Fatalf("status changed to %s", got)
				}
			})
		}

		t.Run("a staff account cannot request manual certification", func(t *testing.T) {
			err := svc.RequestManualCert(ctx, actorOf(t, svc, st, f.A.Staff.ID), photos())
			wantKind(t, err, domain.Forbidden)
		})
	})
}
