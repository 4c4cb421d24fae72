package main

import (
	"fmt"
	"io"
	"net/url"
)

// printSession logs in, makes a new, empty application and prints, as shell
// variable assignments, what an outside load tool needs to create rows in
// it: the session cookie, the CSRF token and the application's id.
func printSession(o options, out io.Writer) error {
	c, err := newClient(o.url, o.login, o.password, o.captcha)
	if err != nil {
		return err
	}
	app, err := c.freshApplication("外部工具")
	if err != nil {
		return err
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
	fmt.Fprintf(out, "HATCH_COOKIE='%s'\nHATCH_CSRF='%s'\nHATCH_APP=%d\n", cookie, c.csrf, app)
	return nil
}
