package web_test

// Access rules of the applicant's side of the review chain, added to the
// table in security_test.go.
func init() {
	for route, rule := range map[string]string{
		"GET /applications/{id}/submit":             certApp,
		"POST /applications/{id}/submit":            certApp,
		"GET /applications/{id}/submitted":          certApp,
		"GET /applications/{id}/progress":           certApp,
		"GET /api/v1/applications/{id}/submission":  certApp,
		"POST /api/v1/applications/{id}/submission": certApp,
		"GET /api/v1/applications/{id}/progress":    certApp,
	} {
		rules[route] = struct {
			rule      string
			scopedToA bool
		}{rule, true}
	}
	for _, route := range []string{"GET /notifications", "GET /api/v1/notifications"} {
		rules[route] = struct {
			rule      string
			scopedToA bool
		}{loggedIn, false}
	}
}
