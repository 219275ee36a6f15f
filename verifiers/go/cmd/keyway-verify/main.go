// Command keyway-verify is the test harness: it reads one JSON case (or an array of cases) on
// stdin and prints the result(s) as JSON.
//
//	{"kind":"answer","request":{...},"headers":{...},"bodyBase64":"...","keys":{...},"now":1,"maxSkew":300}
//	{"kind":"certificate","certificate":"kwc1...","keys":{...},"now":1,"fingerprint":"...","nonce":"..."}
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/keyway/verifiers/go/keyway"
)

type testCase struct {
	Kind    string `json:"kind"`
	Request struct {
		Method string  `json:"method"`
		Path   string  `json:"path"`
		Host   string  `json:"host"`
		Nonce  *string `json:"nonce"`
	} `json:"request"`
	Headers     map[string]string `json:"headers"`
	BodyBase64  []byte            `json:"bodyBase64"`
	Certificate string            `json:"certificate"`
	Keys        keyway.KeyList    `json:"keys"`
	Now         *int64            `json:"now"`
	MaxSkew     *int64            `json:"maxSkew"`
	Fingerprint *string           `json:"fingerprint"`
	Nonce       *string           `json:"nonce"`
}

func str(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func run(c testCase) (keyway.Result, error) {
	var now time.Time
	if c.Now != nil {
		now = time.Unix(*c.Now, 0)
	}
	switch c.Kind {
	case "answer":
		headers := map[string][]string{}
		for name, value := range c.Headers {
			headers[name] = []string{value}
		}
		opts := keyway.AnswerOptions{Now: now}
		if c.MaxSkew != nil {
			opts.MaxSkew = time.Duration(*c.MaxSkew) * time.Second
		}
		req := keyway.Request{Method: c.Request.Method, Path: c.Request.Path, Host: c.Request.Host, Nonce: str(c.Request.Nonce)}
		return keyway.VerifyAnswer(req, headers, c.BodyBase64, c.Keys, opts), nil
	case "certificate":
		opts := keyway.CertificateOptions{Now: now, Fingerprint: str(c.Fingerprint), Nonce: str(c.Nonce)}
		return keyway.VerifyCertificate(c.Certificate, c.Keys, opts), nil
	}
	return keyway.Result{}, fmt.Errorf("kind must be \"answer\" or \"certificate\", not %q", c.Kind)
}

func main() {
	input, err := io.ReadAll(os.Stdin)
	if err == nil {
		var output interface{}
		if trimmed := bytes.TrimSpace(input); len(trimmed) > 0 && trimmed[0] == '[' {
			var cases []testCase
			if err = json.Unmarshal(trimmed, &cases); err == nil {
				results := make([]keyway.Result, 0, len(cases))
				for _, c := range cases {
					var r keyway.Result
					if r, err = run(c); err != nil {
						break
					}
					results = append(results, r)
				}
				output = results
			}
		} else {
			var c testCase
			if err = json.Unmarshal(trimmed, &c); err == nil {
				output, err = run(c)
			}
		}
		if err == nil {
			err = json.NewEncoder(os.Stdout).Encode(output)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
