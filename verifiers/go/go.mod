module github.com/keyway/verifiers/go

go 1.19
