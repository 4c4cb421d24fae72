package domain

import "time"

// CarrierKind is the type of 载体 an organisation operates.
type CarrierKind string

// The three kinds of carrier listed on the 首页.
const (
	KindIncubator  CarrierKind = "incubator"  // 孵化器
	KindMakerspace CarrierKind = "makerspace" // 众创空间
	KindUniPark    CarrierKind = "unipark"    // 大学科技园
)

// CarrierKinds lists the kinds in the order the 首页 shows them.
var CarrierKinds = []CarrierKind{KindIncubator, KindMakerspace, KindUniPark}

// Label is the kind's Chinese name.
func (k CarrierKind) Label() string {
	switch k {
	case KindIncubator:
		return "孵化器"
	case KindMakerspace:
		return "众创空间"
	case KindUniPark:
		return "大学科技园"
	}
	return string(k)
}

// Valid reports whether k is a known kind.
func (k CarrierKind) Valid() bool {
	return k == KindIncubator || k == KindMakerspace || k == KindUniPark
}

// Carrier is a 载体: an incubator, maker-space or science park run by an Org.
type Carrier struct {
	ID         int64
	OrgID      int64
	Kind       CarrierKind
	Name       string
	Address    string
	RegionCode string
	RegionName string
	StartedOn  string // 开始运营时间, YYYY-MM-DD
	Revision   int64
	CreatedAt  time.Time
	UpdatedAt  time.Time
}
