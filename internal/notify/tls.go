package notify

import "crypto/tls"

// tlsConfig is the client TLS of STARTTLS: the server's name checked.
func tlsConfig(host string) *tls.Config {
	return &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
}
