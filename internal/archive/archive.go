// Package archive reads the .zip archives people make of their
// attachments — with Windows' 发送到压缩文件夹, WinRAR, 7-Zip or a Mac —
// as a list of files to match to table rows. Names are UTF-8 when the
// archive says so and otherwise GBK, as Chinese Windows writes them. What
// no honest archive of scans holds is refused, entry by entry or whole:
// names that climb out of the archive, absolute names, more entries than
// a table needs, an entry over the size limit, or the compression ratio of
// a zip bomb. It reads only the central directory until an entry is
// opened, and an opened entry yields at most its limit.
package archive

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"hatch/internal/domain"
	"hatch/internal/form"
)

// Limits bound what an archive may hold.
type Limits struct {
	MaxEntries int   // files, folders aside
	MaxEntry   int64 // bytes of one file, unpacked
	MaxTotal   int64 // bytes of all files, unpacked
}

// maxRatio is the most an entry may shrink: scans and PDFs barely
// compress, and anything denser is a bomb.
const maxRatio = 200

// Entry is one file of an archive.
type Entry struct {
	Name string // the whole name inside the archive, decoded
	Base string // its last element: what it is matched by
	Size int64  // unpacked, as the archive declares it
	f    *zip.File
	max  int64
}

// Refused is an entry that will not be read, and why, in the user's words.
type Refused struct {
	Name   string
	Reason string
}

// Read lists the files of the archive in r. An archive that cannot be read
// at all, or holds too much, is an error in the user's words; a single bad
// entry is listed among the refused and the rest are kept.
func Read(r io.ReaderAt, size int64, name string, lim Limits) ([]Entry, []Refused, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, nil, fileError(name, "不是有效的 ZIP 压缩文件，请用“压缩”或 WinRAR、7-Zip 压缩为 .zip 格式后再上传。")
	}
	var entries []Entry
	var refused []Refused
	var total int64
	for _, f := range zr.File {
		n := decodeName(f)
		if skipped(n, f) {
			continue
		}
		if reason := check(n, f, lim); reason != "" {
			refused = append(refused, Refused{Name: n, Reason: reason})
			continue
		}
		total += int64(f.UncompressedSize64)
		entries = append(
			entries,
			Entry{Name: n, Base: path.Base(n), Size: int64(f.UncompressedSize64), f: f,
				max: lim.MaxEntry},
		)
	}
	if len(entries) > lim.MaxEntries {
		return nil, nil, fileError(name, fmt.Sprintf("中有 %d 个文件，一次最多 %d 个，请分成几个压缩文件上传。",
			len(entries), lim.MaxEntries))
	}
	if total > lim.MaxTotal {
		return nil, nil, fileError(name, "解压后超过 "+sizeText(lim.MaxTotal)+"，请分成几个压缩文件上传。")
	}
	return entries, refused, nil
}

// Open reads an entry's bytes, never more than the limit it was listed
// under, whatever its header claims.
func (e Entry) Open() (io.ReadCloser, error) {
	rc, err := e.f.Open()
	if err != nil {
		return nil, err
	}
	return struct {
		io.Reader
		io.Closer
	}{&limitedReader{r: rc, left: e.max}, rc}, nil
}

// ErrTooLarge is what reading past an entry's limit gives.
var ErrTooLarge = errors.New("archive entry larger than declared")

type limitedReader struct {
	r    io.Reader
	left int64
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.left < 0 {
		return 0, ErrTooLarge
	}
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		return n, ErrTooLarge
	}
	return n, err
}

// decodeName is an entry's name as its maker typed it: UTF-8 when it is
// valid UTF-8 (flagged or not: GBK names almost never are), else GBK
// (GB18030), which Chinese Windows writes without the UTF-8 flag.
func decodeName(f *zip.File) string {
	n := f.Name
	if utf8.ValidString(n) {
		return n
	}
	if s, err := simplifiedchinese.GB18030.NewDecoder().String(n); err == nil &&
		!strings.ContainsRune(s, utf8.RuneError) {
		return s
	}
	return strings.ToValidUTF8(n, "?")
}

// skipped are the folders and the files systems add on their own.
func skipped(n string, f *zip.File) bool {
	base := path.Base(n)
	return f.FileInfo().IsDir() || strings.HasSuffix(n, "/") || strings.HasPrefix(n, "__MACOSX/") ||
		strings.HasPrefix(base, "._") || base == ".DS_Store" || strings.EqualFold(base, "Thumbs.db")
}

// check is why an entry is refused, or "".
func check(n string, f *zip.File, lim Limits) string {
	clean := strings.ReplaceAll(n, `\`, "/")
	switch {
	case strings.HasPrefix(clean, "/") || (len(clean) > 1 && clean[1] == ':'):
		return "文件名是绝对路径，不能导入。"
	case strings.Contains("/"+clean+"/", "/../"):
		return "文件名中含有“..”，不能导入。"
	case f.Flags&0x1 != 0:
		return "文件设置了密码，请取消加密后重新压缩。"
	case int64(f.UncompressedSize64) > lim.MaxEntry:
		return "超过单个附件 " + sizeText(lim.MaxEntry) + " 的上限。"
	case f.CompressedSize64 > 0 && f.UncompressedSize64/f.CompressedSize64 > maxRatio:
		return "压缩比异常，不像扫描件或照片，不能导入。"
	}
	return ""
}

func sizeText(n int64) string { return form.FileSize(n) }

func fileError(name, msg string) error {
	return domain.Errorf(domain.Invalid, "文件“%s”%s", name, msg)
}
