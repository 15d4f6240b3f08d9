#!/bin/bash
# One Belenios election end to end with Debian's belenios-tool, for `npm run bench` (bench/verifiable.ts):
# a ranked (non-homomorphic) question of C candidates in the RFC-3526-2048 group (Belenios's group for
# mixnet questions; its default BELENIOS-2048 cannot encode them), 3 trustees with threshold 2 plus
# the server's mandatory key (as Belenios's own threshold demo sets it up), N ballots, 2 shuffles, the
# partial decryptions of 2 trustees and the server, the result, and a full verification.
# Usage: belenios-election.sh DIR N C. Prints one line per phase: `phase NAME CPU_MS` (the CPU time of
# the belenios-tool processes the phase ran, user + system, from bash's `times`), then `verified yes|no`.
set -euo pipefail
dir=$1
n=$2
c=$3
export BELENIOS_USE_URANDOM=1
rm -rf "$dir"
mkdir -p "$dir"
cd "$dir"
g="--group RFC-3526-2048"

# The children's CPU so far, in ms. `times` must run in this shell, not in a $(…) subshell, to see them.
children_ms() { tail -n1 .times | awk '{ split($1, u, /[ms]/); split($2, s, /[ms]/); printf "%d", (u[1] * 60 + u[2] + s[1] * 60 + s[2]) * 1000 }'; }
mark=0
start() {
  times > .times
  mark=$(children_ms)
}
phase() {
  times > .times
  echo "phase $1 $(($(children_ms) - mark))"
}

# Rankings: a full random order of the C candidates per ballot (Belenios's cost hardly depends on how much is ranked).
awk -v n="$n" -v c="$c" 'BEGIN { srand(); for (b = 0; b < n; b++) { for (i = 1; i <= c; i++) p[i] = i; for (i = c; i > 1; i--) { j = int(rand() * i) + 1; t = p[i]; p[i] = p[j]; p[j] = t }; s = "[["; for (i = 1; i <= c; i++) s = s (i > 1 ? "," : "") p[i]; print s "]]" } }' > votes.txt
answers=$(awk -v c="$c" 'BEGIN { for (i = 1; i <= c; i++) printf "%s\"Candidate %d\"", (i > 1 ? "," : ""), i }')
echo "{\"description\":\"bench\",\"name\":\"bench\",\"questions\":[{\"type\":\"NonHomomorphic\",\"value\":{\"question\":\"Rank the candidates\",\"answers\":[$answers]},\"extra\":{\"method\":\"STV\"}}],\"administrator\":\"bench\",\"credential_authority\":\"bench\"}" > questions.json

start
uuid=$(belenios-tool setup generate-token)
belenios-tool setup generate-credentials --uuid "$uuid" $g --count "$n" > /dev/null 2>&1
mv ./*.pubcreds public_creds.json
mv ./*.privcreds private_creds.txt
phase credentials

start
{
tt() { belenios-tool setup generate-trustee-key-threshold $g "$@"; }
for _ in 1 2 3; do tt --step 1; done
cat ./*.cert > certs.jsons
tt --certs certs.jsons --step 2
for u in ./*.key; do tt --certs certs.jsons --key "$u" --step 3 --threshold 2; done > polynomials.jsons
tt --certs certs.jsons --step 4 --polynomials polynomials.jsons
for u in ./*.key; do b=${u%.key}; tt --certs certs.jsons --key "$u" --step 5 < "$b.vinput" > "$b.voutput"; done
cat ./*.voutput | tt --certs certs.jsons --step 6 --polynomials polynomials.jsons > threshold.json
belenios-tool setup generate-trustee-key $g > /dev/null
cat ./*.pubkey > public_keys.jsons
belenios-tool setup make-trustees
belenios-tool setup make-election --uuid "$uuid" $g --template questions.json
belenios-tool archive init
rm -f election.json trustees.json public_creds.json
phase keys
} 2> /dev/null

mkdir ballots
start
i=0
paste -d' ' private_creds.txt votes.txt | while read -r _ cred vote; do
  i=$((i + 1))
  belenios-tool election generate-ballot --privcred <(echo "$cred") --ballot <(echo "$vote") > "ballots/$i.json" 2> /dev/null
done
phase ballots

start
for ((i = 1; i <= n; i++)); do belenios-tool archive add-event --type=Ballot < "ballots/$i.json" 2> /dev/null; done
belenios-tool archive add-event --type=EndBallots < /dev/null 2> /dev/null
belenios-tool election compute-encrypted-tally 2> /dev/null | belenios-tool archive add-event --type=EncryptedTally 2> /dev/null
phase board

for t in 1 2; do
  start
  belenios-tool election shuffle --trustee-id=$t 2> /dev/null | belenios-tool archive add-event --type=Shuffle 2> /dev/null
  phase "shuffle-$t"
done
belenios-tool archive add-event --type=EndShuffles < /dev/null 2> /dev/null

t=2
for u in ./*.key; do
  start
  belenios-tool election decrypt-threshold --key "$u" --decryption-key "${u%.key}.dkey" --trustee-id $t 2> /dev/null | belenios-tool archive add-event --type=PartialDecryption 2> /dev/null
  phase "decrypt-$t"
  t=$((t + 1))
  [ $t = 4 ] && break
done
start
for u in ./*.privkey; do belenios-tool election decrypt --privkey "$u" --trustee-id 1 2> /dev/null | belenios-tool archive add-event --type=PartialDecryption 2> /dev/null; done
phase decrypt-server

start
belenios-tool election compute-result 2> /dev/null | belenios-tool archive add-event --type=Result 2> /dev/null
phase result

start
if belenios-tool election verify > verify.out 2>&1 && grep -q 'all checks passed' verify.out; then ok=yes; else ok=no; fi
phase verify
echo "verified $ok"
