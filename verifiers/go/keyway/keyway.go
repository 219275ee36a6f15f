// Package keyway verifies Keyway's signed answers and kwc1 certificates (docs/signatures.md) with
// the standard library only (crypto/ed25519). A signature counts only when made by a key of the
// vendor's list (GET /api/v1/vendors/{slug}/signing-keys) whose status is active or rotated.
package keyway

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"regexp"
	"strings"
	"time"
)

// imfFixdate is the HTTP date format of the Date header.
const imfFixdate = "Mon, 02 Jan 2006 15:04:05 GMT"

// SignedHeaders is the only `headers` value a Keyway-Signature may carry.
const SignedHeaders = "(request-target) host date digest keyway-nonce"

// Key is one entry of the vendor's key list.
type Key struct {
	Kid       string  `json:"kid"`
	Kty       string  `json:"kty"`
	Crv       string  `json:"crv"`
	Alg       string  `json:"alg"`
	Use       string  `json:"use"`
	X         string  `json:"x"`
	Status    string  `json:"status"`
	CreatedAt string  `json:"createdAt"`
	RotatedAt *string `json:"rotatedAt"`
	RetiredAt *string `json:"retiredAt"`
	RevokedAt *string `json:"revokedAt"`
}

// KeyList is the document served at GET /api/v1/vendors/{slug}/signing-keys.
type KeyList struct {
	Vendor string `json:"vendor"`
	Keys   []Key  `json:"keys"`
}

// Request is the request an answer is checked against; Nonce is "" when none was sent.
type Request struct {
	Method string
	Path   string // with its query string, exactly as requested
	Host   string
	Nonce  string
}

// AnswerOptions: Now defaults to time.Now(), MaxSkew to 300 seconds.
type AnswerOptions struct {
	Now     time.Time
	MaxSkew time.Duration
}

// CertificateOptions: Now defaults to time.Now(); a non-empty Fingerprint or Nonce is required
// to match the certificate's binding value (compared trimmed and lower-cased, as the server
// stores it) or nonce.
type CertificateOptions struct {
	Now         time.Time
	Fingerprint string
	Nonce       string
}

// Result is Valid, or not with one of the reasons of docs/signatures.md. Facts is the
// certificate's JSON (certificates only).
type Result struct {
	Valid  bool                   `json:"valid"`
	Reason string                 `json:"reason,omitempty"`
	Kid    string                 `json:"kid,omitempty"`
	Status string                 `json:"status,omitempty"` // the signing key's status (answers)
	Facts  map[string]interface{} `json:"facts,omitempty"`
}

func refuse(reason string) Result { return Result{Reason: reason} }

var param = regexp.MustCompile(`^\s*([a-z]+)="([^"]*)"\s*$`)

// VerifyAnswer checks an answer: its headers (an http.Header will do; names in any case), its
// body bytes exactly as received, against the request made and the vendor's key list.
func VerifyAnswer(req Request, header map[string][]string, body []byte, keys KeyList, opts AnswerOptions) Result {
	signature, ok := headerValue(header, "keyway-signature")
	if !ok {
		return refuse("unsigned")
	}
	kid, sig, parsed := parseSignatureHeader(signature)
	date, hasDate := headerValue(header, "date")
	digest, hasDigest := headerValue(header, "digest")
	if !parsed || !hasDate || !hasDigest {
		return refuse("malformed")
	}
	sentAt, err := time.Parse(imfFixdate, date)
	if err != nil || sentAt.UTC().Format(imfFixdate) != date {
		return refuse("malformed")
	}
	key, found := findKey(keys, kid)
	if !found {
		return refuse("unknown_key")
	}
	if !trusted(key) {
		return refuse("untrusted_key")
	}
	sum := sha256.Sum256(body)
	expected := "sha-256=" + base64.StdEncoding.EncodeToString(sum[:])
	if subtle.ConstantTimeCompare([]byte(expected), []byte(digest)) != 1 {
		return refuse("bad_digest")
	}
	message := strings.Join([]string{
		"(request-target): " + strings.ToLower(req.Method) + " " + req.Path,
		"host: " + req.Host,
		"date: " + date,
		"digest: " + digest,
		"keyway-nonce: " + req.Nonce,
	}, "\n")
	if !ed25519.Verify(key.publicKey, []byte(message), sig) {
		return refuse("bad_signature")
	}
	now, skew := opts.Now, opts.MaxSkew
	if now.IsZero() {
		now = time.Now()
	}
	if skew == 0 {
		skew = 300 * time.Second
	}
	if d := now.Sub(sentAt); d > skew || d < -skew {
		return refuse("stale")
	}
	return Result{Valid: true, Kid: kid, Status: key.status}
}

// VerifyCertificate checks a kwc1 certificate offline.
func VerifyCertificate(certificate string, keys KeyList, opts CertificateOptions) Result {
	parts := strings.Split(certificate, ".")
	if len(parts) != 3 || parts[0] != "kwc1" {
		return refuse("malformed")
	}
	payload, err1 := decodeBase64URL(parts[1])
	sig, err2 := decodeBase64URL(parts[2])
	if err1 != nil || err2 != nil || len(sig) != ed25519.SignatureSize {
		return refuse("malformed")
	}
	var facts map[string]interface{}
	decoder := json.NewDecoder(bytes.NewReader(payload))
	decoder.UseNumber()
	if decoder.Decode(&facts) != nil || decoder.More() || facts == nil {
		return refuse("malformed")
	}
	v, vOk := integer(facts["v"])
	kid, kidOk := facts["kid"].(string)
	exp, expOk := integer(facts["exp"])
	if !vOk || v != 2 || !kidOk || !expOk {
		return refuse("malformed")
	}
	key, found := findKey(keys, kid)
	if !found {
		return refuse("unknown_key")
	}
	if !trusted(key) {
		return refuse("untrusted_key")
	}
	if !ed25519.Verify(key.publicKey, []byte("kwc1."+parts[1]), sig) {
		return refuse("bad_signature")
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	if exp <= now.Unix() {
		return refuse("expired")
	}
	if opts.Fingerprint != "" {
		binding, _ := facts["binding"].(map[string]interface{})
		// The server keeps fingerprints trimmed and lower-cased: compare them as it does.
		if value, _ := binding["value"].(string); value != strings.ToLower(strings.TrimSpace(opts.Fingerprint)) {
			return refuse("wrong_machine")
		}
	}
	if opts.Nonce != "" {
		if nonce, _ := facts["nonce"].(string); nonce != opts.Nonce {
			return refuse("wrong_nonce")
		}
	}
	return Result{Valid: true, Kid: kid, Facts: facts}
}

func integer(value interface{}) (int64, bool) {
	n, ok := value.(json.Number)
	if !ok || strings.ContainsAny(string(n), ".eE") {
		return 0, false
	}
	i, err := n.Int64()
	return i, err == nil
}

func headerValue(header map[string][]string, name string) (string, bool) {
	for k, values := range header {
		if strings.EqualFold(k, name) && len(values) > 0 {
			return values[0], true
		}
	}
	return "", false
}

func parseSignatureHeader(header string) (kid string, sig []byte, ok bool) {
	params := map[string]string{}
	for _, item := range strings.Split(header, ",") {
		m := param.FindStringSubmatch(item)
		if m == nil {
			return "", nil, false
		}
		if _, dup := params[m[1]]; dup {
			return "", nil, false
		}
		params[m[1]] = m[2]
	}
	for _, name := range []string{"keyid", "algorithm", "headers", "signature"} {
		if _, present := params[name]; !present {
			return "", nil, false
		}
	}
	if params["algorithm"] != "ed25519" || params["headers"] != SignedHeaders {
		return "", nil, false
	}
	sig, err := base64.StdEncoding.Strict().DecodeString(params["signature"])
	if err != nil || len(sig) != ed25519.SignatureSize {
		return "", nil, false
	}
	return params["keyid"], sig, true
}

var base64URL = regexp.MustCompile(`^[A-Za-z0-9_-]*$`)

func decodeBase64URL(value string) ([]byte, error) {
	if !base64URL.MatchString(value) {
		return nil, base64.CorruptInputError(0)
	}
	return base64.RawURLEncoding.Strict().DecodeString(value)
}

type usableKey struct {
	status    string
	publicKey ed25519.PublicKey
}

// findKey finds the listed key with this kid. An entry whose kid is not the RFC 7638 thumbprint
// of its x (or whose x is not 32 bytes) is ignored.
func findKey(keys KeyList, kid string) (usableKey, bool) {
	for _, key := range keys.Keys {
		if key.Kid != kid {
			continue
		}
		raw, err := decodeBase64URL(key.X)
		sum := sha256.Sum256([]byte(`{"crv":"Ed25519","kty":"OKP","x":"` + key.X + `"}`))
		if err != nil || len(raw) != ed25519.PublicKeySize || base64.RawURLEncoding.EncodeToString(sum[:]) != kid {
			continue
		}
		return usableKey{status: key.Status, publicKey: ed25519.PublicKey(raw)}, true
	}
	return usableKey{}, false
}

func trusted(key usableKey) bool { return key.status == "active" || key.status == "rotated" }
