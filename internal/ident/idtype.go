package ident

import (
	"strings"
	"time"
	"unicode/utf8"
)

// IDType is the kind of identity document a person presents.
type IDType string

// The accepted identity documents (domain.md §7.2).
const (
	IDCard        IDType = "idcard"   // 居民身份证
	Passport      IDType = "passport" // 护照
	HKMacauPermit IDType = "hkmo"     // 港澳居民来往内地通行证
	TaiwanPermit  IDType = "tw"       // 台湾居民来往大陆通行证
	ForeignPR     IDType = "foreign"  // 外国人永久居留身份证
)

// IDTypes lists the document types in the order forms show them.
var IDTypes = []IDType{IDCard, Passport, HKMacauPermit, TaiwanPermit, ForeignPR}

// Label is the document type's Chinese name.
func (t IDType) Label() string {
	switch t {
	case IDCard:
		return "居民身份证"
	case Passport:
		return "护照"
	case HKMacauPermit:
		return "港澳居民来往内地通行证"
	case TaiwanPermit:
		return "台湾居民来往大陆通行证"
	case ForeignPR:
		return "外国人永久居留身份证"
	}
	return string(t)
}

// Valid reports whether t is a known document type.
func (t IDType) Valid() bool {
	for _, k := range IDTypes {
		if k == t {
			return true
		}
	}
	return false
}

// CheckDocument validates number as a document of type t. Only the 居民身份证
// has a checksum; other documents get a plausibility check on length and
// characters, because their formats vary by issuing country.
func CheckDocument(t IDType, number string, today time.Time) string {
	if !t.Valid() {
		return "请选择证件类型。"
	}
	if t == IDCard {
		return CheckIDNumber(number, today)
	}
	if number == "" {
		return "请填写证件号码。"
	}
	n := utf8.RuneCountInString(number)
	if n < 5 || n > 20 || strings.ContainsFunc(number, notAlnum) {
		return "证件号码应为5至20位字母或数字。"
	}
	return ""
}

func notAlnum(r rune) bool {
	return !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z')
}
