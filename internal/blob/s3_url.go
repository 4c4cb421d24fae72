package blob

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// S3Config says which bucket to use and how to reach it.
type S3Config struct {
	Bucket   string
	Endpoint string // host:port, without a scheme
	Region   string
	Secure   bool // HTTPS
	// Create makes the bucket when it is missing; without it a missing
	// bucket is a start-up error.
	Create bool
	// Presign, when positive, lets downloads be sent to a presigned URL
	// valid this long instead of through Hatch.
	Presign time.Duration
	// Credentials come from the environment, never from the address.
	AccessKey, SecretKey, SessionToken string
}

// The longest a presigned URL may live (the S3 limit).
const maxPresign = 7 * 24 * time.Hour

// ParseS3URL reads s3://bucket?endpoint=host:port&region=…&secure=true|false
// &create=true&presign=10m. The region defaults to us-east-1 and secure to
// true. Errors say in Chinese what is wrong with the address.
func ParseS3URL(raw string) (S3Config, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Scheme != "s3" || u.Host == "" || u.User != nil || (u.Path != "" && u.Path != "/") {
		return S3Config{}, errors.New("应为 s3://存储桶名?endpoint=主机:端口 的形式，例如 s3://hatch?endpoint=oss.example.gov.cn:443&region=cn-north-1")
	}
	q := u.Query()
	var problems []string
	for k := range q {
		if !slices.Contains([]string{"endpoint", "region", "secure", "create", "presign"}, k) {
			problems = append(problems, fmt.Sprintf("未知参数 %s（可用 endpoint、region、secure、create、presign）", k))
		}
	}
	slices.Sort(problems)
	cfg := S3Config{Bucket: u.Host, Endpoint: q.Get("endpoint"), Region: q.Get("region"), Secure: true}
	if !validBucket(cfg.Bucket) {
		problems = append(problems, fmt.Sprintf("存储桶名 %q 应为 3 至 63 位小写字母、数字、点或短横线", cfg.Bucket))
	}
	if _, _, err := net.SplitHostPort(cfg.Endpoint); err != nil {
		problems = append(problems, "endpoint 应为“主机:端口”，例如 endpoint=oss.example.gov.cn:443")
	}
	if cfg.Region == "" {
		cfg.Region = "us-east-1"
	}
	problems = append(problems, cfg.readOptions(q)...)
	if len(problems) > 0 {
		return cfg, errors.New(strings.Join(problems, "；"))
	}
	return cfg, nil
}

// readOptions reads the switches and the presign time.
func (cfg *S3Config) readOptions(q url.Values) []string {
	var problems []string
	flag := func(name string, into *bool) {
		if v := q.Get(name); v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				problems = append(problems, name+" 应为 true 或 false")
			}
			*into = b
		}
	}
	flag("secure", &cfg.Secure)
	flag("create", &cfg.Create)
	if v := q.Get("presign"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Second || d > maxPresign {
			problems = append(problems, "presign 应为 1s 至 168h 之间的时长，例如 presign=10m")
		}
		cfg.Presign = d
	}
	return problems
}

// validBucket follows the S3 naming rules that matter for path-style
// addresses: 3 to 63 lower-case letters, digits, dots and dashes, starting
// and ending with a letter or digit.
func validBucket(b string) bool {
	if len(b) < 3 || len(b) > 63 || strings.Trim(b, "abcdefghijklmnopqrstuvwxyz0123456789.-") != "" {
		return false
	}
	edge := func(c byte) bool { return c != '.' && c != '-' }
	return edge(b[0]) && edge(b[len(b)-1])
}
