package service

import (
	"errors"

	"hatch/internal/domain"
)

// The store refuses with bare sentinels (store.ErrStale, ErrDuplicate,
// ErrDataChanged); the use cases say them to the user. The sentences shared
// by several use cases are here.
const (
	msgStaleInfo = "其他人已在您打开页面后修改并保存了这些信息。请查看最新内容后再保存。"
	msgStaleRow  = "其他人已在您打开页面后修改了这一行。"
	msgStaleStep = "该申报的状态已被他人更新，请刷新页面后再办理。"

	msgImportGone    = "这次导入已经确认、已取消或已过期（预览保留 24 小时），请重新选择文件导入。"
	msgImportRefused = "文件中有不能导入的内容，或没有需要导入的变化，未导入任何数据。请按预览中的提示修改文件后重新导入。"
	msgImportStale   = "预览之后，本表已被修改（可能有他人同时在编辑），未导入任何数据。请重新导入，以查看与最新内容的对比。"
)

// say returns err as a Conflict in the use case's words when it is the
// store's refusal what; any other error passes through.
func say(err, what error, format string, args ...any) error {
	if errors.Is(err, what) {
		return domain.Errorf(domain.Conflict, format, args...)
	}
	return err
}

// sayField is say for a refusal that belongs beside one field: a value
// taken by someone else is Invalid there, with the message beside it.
// (A carrier's name is the exception: the API promises a conflict.)
func sayField(err, what error, field, label, summary, msg string) error {
	return sayFieldAs(domain.Invalid, err, what, field, label, summary, msg)
}

// sayFieldAs is sayField with the refusal's kind chosen by the caller.
func sayFieldAs(kind domain.Kind, err, what error, field, label, summary, msg string) error {
	if !errors.Is(err, what) {
		return err
	}
	var fe domain.FieldErrors
	fe.Add(field, label, msg)
	return &domain.Error{Kind: kind, Message: summary, Fields: fe}
}
