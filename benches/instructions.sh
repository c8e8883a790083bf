#!/usr/bin/env bash
# Instructions (callgrind) to decode each 1000-item list once, per decoder:
# deterministic, so it also works on a noisy or shared machine.
#   bash benches/instructions.sh        (needs valgrind: apt-get install valgrind)
#   DECODERS="streamde streamde1" bash benches/instructions.sh   (other columns;
#   streamde1 feeds one byte at a time and takes minutes under callgrind)
# A second table decodes the standard corpus (benches/data: canada,
# citm_catalog, twitter) into the typed models of benches/models (object!
# against serde derive), a third into each library's own value type.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p streamde-bench --example decode_peers >/dev/null 2>&1
bin=target/release/examples/decode_peers
dir=$(mktemp -d)
$bin gen "$dir"
decoders=${DECODERS:-"streamde streamde4096 streamde64 serde_json sonic_rs simd_json miniserde"}
printf '| input | %s |\n|---|' "$(echo $decoders | sed 's/ / | /g')"
for _ in $decoders; do printf -- '---:|'; done
echo
for input in account_session_list.min account_session_list.pretty identity_verification_session_list.min identity_verification_session_list.pretty; do
  kind=${input%%.*}
  kind=${kind/identity_verification_session/verification_session}
  printf '| %s |' "$input"
  for d in $decoders; do
    n=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$d" "$kind" "$dir/$input.json" 2>&1 \
      | sed -n 's/.*I *refs: *//p' | tr -d ,)
    awk -v n="$n" 'BEGIN { printf " %.1fM |", n / 1e6 }'
  done
  echo
done
rm -rf "$dir"

# corpus_table TITLE KIND DECODERS: the standard corpus, one row per file;
# KIND "file" decodes each file as its own typed model.
corpus_table() {
  local title=$1 kind=$2 decoders=$3
  echo
  printf '| %s | %s |\n|---|' "$title" "$(echo $decoders | sed 's/ / | /g')"
  for _ in $decoders; do printf -- '---:|'; done
  echo
  for input in canada citm_catalog twitter; do
    printf '| %s |' "$input"
    for d in $decoders; do
      k=$kind
      [ "$k" = file ] && k=$input
      n=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$d" "$k" "benches/data/$input.json" 2>&1 \
        | sed -n 's/.*I *refs: *//p' | tr -d ,)
      awk -v n="$n" 'BEGIN { printf " %.1fM |", n / 1e6 }'
    done
    echo
  done
}

corpus_table typed file "${TYPED_DECODERS:-streamde streamde4096 serde_json sonic_rs simd_json}"
corpus_table value value "${VALUE_DECODERS:-streamde streamde4096 streamde64 serde_json sonic_rs simd_json}"
