package blob

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strings"

	"hatch/internal/domain"
	"hatch/internal/form"
)

// Saved describes a stored upload.
type Saved struct {
	Key    string
	Kind   Kind
	Size   int64
	SHA256 string
}

// Save checks and streams r into st. The type is sniffed from the first
// bytes and must be one of allowed; the size may not exceed limit. On any
// failure nothing is left in storage. Errors are domain errors whose
// messages say, in Chinese, what the user can do.
func Save(ctx context.Context, st Store, r io.Reader, allowed []Kind, limit int64) (Saved, error) {
	br := bufio.NewReaderSize(r, 4096)
	head, _ := br.Peek(512)
	if len(head) == 0 {
		return Saved{}, domain.Errorf(domain.Invalid, "文件是空的，请重新选择。")
	}
	kind, ok := Sniff(head)
	if !ok || !kindIn(kind, allowed) {
		return Saved{}, domain.Errorf(
			domain.Invalid,
			"文件格式不符：只接受 %s 格式，系统按文件内容而非文件名判断。",
			Labels(allowed),
		)
	}
	h := sha256.New()
	counter := &limitCounter{limit: limit}
	key, err := st.Put(ctx, io.TeeReader(io.TeeReader(br, h), counter))
	if counter.over {
		if key != "" {
			st.Delete(ctx, key)
		}
		return Saved{}, domain.Errorf(domain.Invalid, "文件超过大小上限 %s，请压缩或拆分后再上传。", form.FileSize(limit))
	}
	if err != nil {
		return Saved{}, domain.Wrap(err, "保存文件")
	}
	return Saved{Key: key, Kind: kind, Size: counter.n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// limitCounter counts bytes and fails the copy once limit is passed, so an
// oversized upload stops streaming instead of filling the disk.
type limitCounter struct {
	n, limit int64
	over     bool
}

func (c *limitCounter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	if c.limit > 0 && c.n > c.limit {
		c.over = true
		return 0, io.ErrShortWrite
	}
	return len(p), nil
}

func kindIn(k Kind, list []Kind) bool {
	for _, a := range list {
		if a == k {
			return true
		}
	}
	return false
}

// Labels joins kind labels for messages: "PDF、JPG、PNG".
func Labels(kinds []Kind) string {
	var s []string
	for _, k := range kinds {
		s = append(s, k.Label)
	}
	return strings.Join(s, "、")
}
