#!/usr/bin/env bash
# Regenerates the TLS test fixtures: a test CA, and server certificates that are good,
# expired, for another host, and self-signed. Test-only keys: never trust them anywhere.
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

openssl req -x509 -newkey rsa:2048 -nodes -keyout ca-key.pem -out ca.pem -days 36500 \
  -subj "/CN=ztenant test CA" -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null

leaf() { # name subject san [startdate enddate]
  local name=$1 subject=$2 san=$3
  openssl req -newkey rsa:2048 -nodes -keyout "$name-key.pem" -out "$work/$name.csr" -subj "/CN=$subject" 2>/dev/null
  printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=%s\n' "$san" > "$work/$name.ext"
  if [ $# -ge 5 ]; then
    mkdir -p "$work/ca/newcerts"; : > "$work/ca/index.txt"; echo 01 > "$work/ca/serial"
    cat > "$work/ca.cnf" <<CNF
[ca]
default_ca = test
[test]
dir = $work/ca
database = \$dir/index.txt
new_certs_dir = \$dir/newcerts
serial = \$dir/serial
default_md = sha256
policy = any
copy_extensions = none
[any]
commonName = supplied
CNF
    openssl ca -batch -config "$work/ca.cnf" -cert ca.pem -keyfile ca-key.pem -in "$work/$name.csr" -out "$work/$name.full" \
      -startdate "$4" -enddate "$5" -extfile "$work/$name.ext" -notext 2>/dev/null
    openssl x509 -in "$work/$name.full" -out "$name.pem"
  else
    openssl x509 -req -in "$work/$name.csr" -CA ca.pem -CAkey ca-key.pem -CAcreateserial -CAserial "$work/ca.srl" \
      -out "$name.pem" -days 36500 -sha256 -extfile "$work/$name.ext" 2>/dev/null
  fi
}

leaf server 127.0.0.1 "IP:127.0.0.1,DNS:localhost"
leaf wrong-host other.example "DNS:other.example"
leaf expired 127.0.0.1 "IP:127.0.0.1,DNS:localhost" 20000101000000Z 20010101000000Z

openssl req -x509 -newkey rsa:2048 -nodes -keyout self-signed-key.pem -out self-signed.pem -days 36500 \
  -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" 2>/dev/null
echo "written: $(ls *.pem | tr '\n' ' ')"
