package service

import (
	"context"
	"io"
	"strings"

	"github.com/dchest/captcha"

	"hatch/internal/domain"
	"hatch/internal/store"
)

// captchaLen is the number of digits: enough against guessing (each captcha
// is good for one try), short enough to type from the audio.
const captchaLen = 5

// NewCaptcha creates a captcha and returns its id. The digits live in the
// database, so any instance behind a load balancer can check them.
func (s *Service) NewCaptcha(ctx context.Context) (string, error) {
	id := randomToken(16)
	digits := captcha.RandomDigits(captchaLen)
	var b strings.Builder
	for _, d := range digits {
		b.WriteByte('0' + d)
	}
	err := s.store.SaveCaptcha(ctx, id, b.String(), s.now().Add(s.cfg.CaptchaTTL))
	return id, domain.Wrap(err, "save captcha")
}

// CaptchaImage writes the captcha as a PNG.
func (s *Service) CaptchaImage(ctx context.Context, id string, w io.Writer) error {
	d, err := s.captchaDigits(ctx, id)
	if err != nil {
		return err
	}
	_, err = captcha.NewImage(id, d, 160, 56).WriteTo(w)
	return err
}

// CaptchaAudio writes the captcha spoken in Chinese as a WAV, the
// alternative for users who cannot read the image.
func (s *Service) CaptchaAudio(ctx context.Context, id string, w io.Writer) error {
	d, err := s.captchaDigits(ctx, id)
	if err != nil {
		return err
	}
	_, err = captcha.NewAudio(id, d, "zh").WriteTo(w)
	return err
}

func (s *Service) captchaDigits(ctx context.Context, id string) ([]byte, error) {
	str, err := s.store.CaptchaDigits(ctx, id)
	if err != nil {
		return nil, err
	}
	d := make([]byte, len(str))
	for i := range str {
		d[i] = str[i] - '0'
	}
	return d, nil
}

// takeCaptcha uses up the captcha and reports whether ans matched it.
func (s *Service) takeCaptcha(ctx context.Context, id, ans string) bool {
	ans = strings.TrimSpace(ans)
	if s.cfg.TestCaptcha != "" && SameToken(ans, s.cfg.TestCaptcha) {
		return true
	}
	var digits string
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		var err error
		digits, err = tx.TakeCaptcha(ctx, id)
		return err
	})
	return err == nil && SameToken(ans, digits)
}
