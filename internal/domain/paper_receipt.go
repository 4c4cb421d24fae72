package domain

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Receipt is the paper register's entry that comes with a 纸质材料核验:
// when the sealed copies arrived, how many of the 一式 N 份 the 受理机构
// asks for, and who signed for them. The 版本号 on the paper stays the
// step's Version.
type Receipt struct {
	ReceivedOn string // YYYY-MM-DD in China
	Copies     int    // copies received
	Required   int    // the 受理机构's 一式 N 份 when they arrived; 0 when it asks for none
	Receiver   string // 签收人
}

// Short reports whether fewer copies came than the 受理机构 asks for. It
// is allowed (the rest may follow), but flagged 份数不足.
func (r Receipt) Short() bool { return r.Required > 0 && r.Copies < r.Required }

// MaxReceiver is the longest 签收人, in characters.
const MaxReceiver = 50

// maxCopies bounds a typing slip: no 受理机构 asks for dozens of copies.
const maxCopies = 99

// Check validates a receipt entered on today (YYYY-MM-DD in China): a real
// date not in the future, at least one copy, a 签收人.
func (r Receipt) Check(today string) error {
	var fe FieldErrors
	day, err := time.Parse(time.DateOnly, r.ReceivedOn)
	switch {
	case err != nil || day.Format(time.DateOnly) != r.ReceivedOn:
		fe.Add("received_on", "收到日期", "请按YYYY-MM-DD填写收到纸质材料的日期。")
	case today != "" && r.ReceivedOn > today:
		fe.Add("received_on", "收到日期", "收到日期不能晚于今天（"+today+"）。")
	}
	if r.Copies < 1 || r.Copies > maxCopies {
		fe.Add("copies", "收到份数", "请填写收到的纸质材料份数（1至99份）。")
	}
	switch n := utf8.RuneCountInString(strings.TrimSpace(r.Receiver)); {
	case n == 0:
		fe.Add("receiver", "签收人", "请填写签收人。")
	case n > MaxReceiver:
		fe.Add("receiver", "签收人", "签收人不能超过50个字。")
	}
	return fe.Err()
}
