package main

import (
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
)

// printSession logs in, makes o.apps new, empty applications and prints,
// as shell variable assignments, what an outside load tool needs to create
// rows in them: the session cookie, the CSRF token, the first
// application's id and all their ids separated by spaces.
func printSession(o options, out io.Writer) error {
	c, err := newClient(o.url, o.login, o.password, o.captcha)
	if err != nil {
		return err
	}
	var apps []string
	for i := range max(o.apps, 1) {
		app, err := c.freshApplication(fmt.Sprintf("外部工具 %d", i+1))
		if err != nil {
			return err
		}
		apps = append(apps, strconv.FormatInt(app, 10))
	}
	u, err := url.Parse(o.url)
	if err != nil {
		return err
	}
	var cookie string
	for _, k := range c.http.Jar.Cookies(u) {
		if cookie != "" {
			cookie += "; "
		}
		cookie += k.Name + "=" + k.Value
	}
	fmt.Fprintf(out, "HATCH_COOKIE='%s'\nHATCH_CSRF='%s'\nHATCH_APP=%s\nHATCH_APPS='%s'\n",
		cookie, c.csrf, apps[0], strings.Join(apps, " "))
	return nil
}
