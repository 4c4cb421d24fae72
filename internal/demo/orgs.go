package demo

import (
	"fmt"

	"hatch/internal/ident"
)

// USCC builds a fictional 统一社会信用代码 (an enterprise, 91) from a
// region code and the eight body characters of the organisation code.
func USCC(region, body string) string { return ident.USCCWithCheck("91" + region + body) }

// IDNumber builds a fictional 公民身份号码 from an address code, a birth
// date (YYYYMMDD) and a sequence number (odd last digit for men).
func IDNumber(area, birth, seq string) string { return ident.IDNumberWithCheck(area + birth + seq) }

// Password is the password of every demo account.
const Password = "Demo@2021"

// The demo organisations. All identifiers are fictional but carry valid
// GB 32100 and GB 11643 check characters.
var (
	Applicant = Org{
		Name: "北京启明星众创科技有限公司", USCC: "91110108MA01DEMA94", OrgType: "企业法人",
		Address: "北京市海淀区中关村大街1号", Region: "110108",
		Rep: "王启明", RepID: "110108198001011237", Auth: "李晓雯", AuthID: "110108198812123566", Mobile: "13800000001",
	}
	Migrated = Org{
		Name: "厦门鹭创孵化器管理有限公司", USCC: "91350200MA2Y0DEM69", OrgType: "企业法人",
		Address: "福建省厦门市思明区软件园二期观日路1号", Region: "350200",
		Rep: "陈海峰", RepID: "350203197506082018", Auth: "陈海峰", AuthID: "350203197506082018", Mobile: "13900000002",
	}
)

type Org struct {
	Name, USCC, OrgType, Address, Region string
	Rep, RepID, Auth, AuthID, Mobile     string
}

// CertificationHint tells a new user what to type to pass 实名认证 as
// the migrated demo organisation (the registry holds exactly this).
func CertificationHint() string {
	o := Migrated
	return fmt.Sprintf("单位名称 %s；法定代表人 %s，居民身份证 %s", o.Name, o.Rep, o.RepID)
}
