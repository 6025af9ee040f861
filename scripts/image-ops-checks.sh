#!/usr/bin/env bash
# Sourced by scripts/test-image.sh once the booted image has been set up: drives the SSH-free
# operations through hiy's API as a user's browser would, and checks what the root-side hiy-ops did.
#   SSH on with a fresh key -> ssh into the guest as root; SSH off -> refused
#   support bundle -> a tar.gz with versions, history and logs, without the setup code
#   OS update check -> finishes (no network in this VM: apt's reason is reported)
#   self-update: a binary that never gets ready is rolled back; the real one is taken
#   reboot -> hiy answers again after a second boot; power off -> qemu exits
# image_ops_checks SETUP_CODE HIY_BINARY. Uses from the caller: ART BASE BUDGET qemu_pid SSH_PORT ok bad check.
# shellcheck shell=bash

api() { # METHOD PATH [curl args...] : body into $ART/api.out, HTTP status echoed
  local method=$1 path=$2; shift 2
  curl -sS -m 300 -X "$method" -H "Authorization: Bearer $token" -o "$ART/api.out" -w '%{http_code}' "$@" "$BASE$path" 2>/dev/null || echo 000
}

op_wait() { # REQUEST SECONDS : waits until hiy-ops has answered; echoes the last status JSON
  local deadline=$((SECONDS + $2)) body=""
  while (( SECONDS < deadline )); do
    body=$(curl -sS -m 10 -H "Authorization: Bearer $token" "$BASE/api/v1/system/operations/$1" 2>/dev/null || true)
    if [[ $body == *'"state":"'* && ! $body =~ \"state\":\"(requested|accepted|running)\" ]]; then break; fi
    sleep 3
  done
  printf '%s' "$body"
}

health_within() { # SECONDS : true once /health answers
  local deadline=$((SECONDS + $1))
  while (( SECONDS < deadline )); do
    curl -fsS -m 3 "$BASE/health" >/dev/null 2>&1 && return 0
    sleep 2
  done
  return 1
}

# The whole chain on the OS we ship: a base image imported into the guest's docker (over the SSH
# just turned on; the guest has no network to pull from), an app created through the API, a
# `git push` to the guest's hiy that builds and starts it, and the page fetched through the
# guest's proxy by its host name. guest_deploy_checks SSH_COMMAND...
guest_deploy_checks() {
  local ssh_cmd=("$@") s repo out body
  step "deploying an app inside the guest by git push"
  # through the Engine API (POST /images/create?fromSrc=-), as hiy talks to docker; the image has no docker CLI
  local create='http://docker/images/create?fromSrc=-&repo=hiy-test%2Fbusybox&tag=latest&changes=ENV%20PATH%3D%2Fbin&changes=CMD%20%5B%22%2Fbin%2Fsh%22%5D'
  if busybox_rootfs_tar | "${ssh_cmd[@]}" "curl -fsS --unix-socket /var/run/docker.sock -H 'Content-Type: application/x-tar' --data-binary @- '$create'" >"$ART/import.log" 2>&1
  then ok "busybox base image imported into the guest's docker"
  else bad "docker import in the guest: $(tail -n 3 "$ART/import.log" | tr '\n' ' ')"; return; fi
  s=$(api POST /api/v1/apps -H 'Content-Type: application/json' -d '{"name":"hello","port":8080,"memory_mb":64}')
  check "POST /api/v1/apps {name: hello} answers 201 (got $s)" test "$s" = 201
  repo="$ART/hello-repo"
  rm -rf "$repo" && mkdir -p "$repo"
  printf '%s\n' 'FROM hiy-test/busybox' 'RUN mkdir -p /www && echo "hello from the guest" > /www/index.html' \
    'EXPOSE 8080' 'CMD ["httpd", "-f", "-p", "8080", "-h", "/www"]' >"$repo/Dockerfile"
  git -C "$repo" init -q -b main && git -C "$repo" add -A
  git -C "$repo" -c user.email=test@hiy.invalid -c user.name="hiy image test" commit -q -m "hello"
  local t0=$SECONDS
  if GIT_TERMINAL_PROMPT=0 git -C "$repo" push "http://hiy:$token@127.0.0.1:${BASE##*:}/git/hello.git" main:main >"$ART/push.log" 2>&1
  then ok "git push to the guest's hiy deployed the app ($((SECONDS - t0)) s)"
  else bad "git push to the guest's hiy failed"; fi
  sed 's/^/       | /' "$ART/push.log"
  check "the push output ends with the app's URL" grep -q 'hello.pi.example.com' "$ART/push.log"
  body=$(curl -sS -m 30 -H 'Host: hello.pi.example.com' "$BASE/" 2>&1 || true)
  info "fetched through the guest's proxy: $body"
  check "the guest's proxy serves the app by its host name (got '$body')" test "$body" = "hello from the guest"
}

image_ops_checks() {
  local code=$1 bin=$2
  token=$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' "$ART/setup-post.json")
  [[ -n $token ]] || { bad "operations: no API token from the wizard"; return; }
  step "SSH-free operations through the API"

  # SSH: on with a key made here, used, then off
  rm -f "$ART/id_test" "$ART/id_test.pub"
  ssh-keygen -q -t ed25519 -N '' -C hiy-image-test -f "$ART/id_test"
  local s st out
  s=$(api PUT /api/v1/system/ssh -H 'Content-Type: application/json' \
        -d "{\"enabled\":true,\"authorized_keys\":[\"$(cat "$ART/id_test.pub")\"]}")
  check "PUT /api/v1/system/ssh {enabled:true, key} answers 202 (got $s)" test "$s" = 202
  st=$(op_wait ssh-on 240)
  check "hiy-ops turned SSH on: $st" grep -q '"state":"done"' <<<"$st"
  local ssh_cmd=(ssh -i "$ART/id_test" -p "$SSH_PORT" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null
                 -o BatchMode=yes -o ConnectTimeout=30 -o LogLevel=ERROR root@127.0.0.1)
  out=$("${ssh_cmd[@]}" 'hostname; systemctl is-active ssh' 2>&1 | tr '\n' ' ' || true)
  check "ssh with the uploaded key logs in as root on the guest ($out)" grep -q '^hiy active' <<<"$out"
  s=$(api GET /api/v1/system/ssh)
  check "GET /api/v1/system/ssh says enabled with the key's fingerprint ($s)" python3 -c '
import json, sys
v = json.load(open(sys.argv[1]))
assert v["enabled"] is True and v["authorized_keys"][0]["fingerprint"] == sys.argv[2], v' \
    "$ART/api.out" "$(ssh-keygen -lf "$ART/id_test.pub" | cut -d' ' -f2)"
  guest_deploy_checks "${ssh_cmd[@]}"
  s=$(api PUT /api/v1/system/ssh -H 'Content-Type: application/json' -d '{"enabled":false}')
  st=$(op_wait ssh-off 240)
  check "hiy-ops turned SSH off ($s): $st" grep -q '"state":"done"' <<<"$st"
  if "${ssh_cmd[@]}" true >/dev/null 2>&1; then bad "ssh still logs in after SSH was turned off"
  else ok "ssh is refused after SSH was turned off"; fi

  # support bundle
  s=$(api GET /api/v1/system/support-bundle)
  mv "$ART/api.out" "$ART/support.tar.gz"
  rm -rf "$ART/support" && mkdir -p "$ART/support"
  if [[ $s == 200 ]] && tar -xzf "$ART/support.tar.gz" -C "$ART/support" 2>/dev/null; then
    local root
    root=$(find "$ART/support" -mindepth 1 -maxdepth 1 -type d | head -n1)
    ok "support bundle downloaded ($(stat -c %s "$ART/support.tar.gz") bytes, $(find "$root" -type f | wc -l) files)"
    check "support bundle: versions.txt names Debian 13 and docker" grep -q '^os: Debian GNU/Linux 13' "$root/versions.txt"
    check "support bundle: history.csv has a sample" test "$(wc -l <"$root/history.csv")" -ge 2
    check "support bundle: hiy.log has hiy's own lines" grep -q 'Hiy' "$root/hiy.log"
    check "support bundle: operations.txt lists ssh-on and ssh-off" grep -q 'ssh-off: done' "$root/operations.txt"
    if grep -rqF -- "$code" "$root"; then bad "support bundle contains the setup code"; else ok "support bundle has no setup code in it"; fi
  else
    bad "support bundle (HTTP $s, tar -xz failed)"
  fi

  # OS update check: the VM has no network, so apt fails; the point is that the round trip works
  s=$(api POST /api/v1/system/os-update/check)
  st=$(op_wait os-update-check 300)
  check "OS update check ran through hiy-ops ($s): $st" grep -Eq '"state":"(done|failed)","message":"[^"]+' <<<"$st"

  # self-update: a binary that never gets ready (busybox: "hiy: applet not found") comes back out
  local t0=$SECONDS
  s=$(api PUT /api/v1/system/hiy-binary -H 'Content-Type: application/octet-stream' --data-binary @/bin/busybox)
  check "PUT /api/v1/system/hiy-binary (a static x86-64 ELF) answers 202 (got $s)" test "$s" = 202
  st=$(op_wait self-update 400)
  check "a new binary that is not ready in 60 s is rolled back ($((SECONDS - t0)) s): $st" grep -q '"state":"rolled-back"' <<<"$st"
  check "hiy answers /ready after the rollback" health_within 60
  t0=$SECONDS
  s=$(api PUT /api/v1/system/hiy-binary -H 'Content-Type: application/octet-stream' --data-binary @"$bin")
  st=$(op_wait self-update 400)
  check "a working binary is taken ($s, $((SECONDS - t0)) s): $st" grep -q '"state":"done"' <<<"$st"

  # reboot: hiy goes away and comes back after a second boot
  local reports
  reports=$(grep -ac '=== hiy-status end ===' "$ART/serial.log" || true)
  t0=$SECONDS
  s=$(api POST /api/v1/system/reboot)
  check "POST /api/v1/system/reboot answers 202 (got $s)" test "$s" = 202
  local down=""
  for _ in $(seq 1 60); do
    if ! curl -fsS -m 2 "$BASE/health" >/dev/null 2>&1; then down=1; break; fi
    sleep 1
  done
  check "hiy went away after the reboot request" test -n "$down"
  # the budget covers a whole shutdown (docker stops its containers, hiy drains) plus a boot
  local reboot_budget=$((BUDGET + 240))
  if health_within "$reboot_budget"; then ok "hiy answers again after the reboot ($((SECONDS - t0)) s)"
  else bad "hiy back within ${reboot_budget} s of the reboot"; fi
  local deadline=$((SECONDS + 180))
  while (( SECONDS < deadline )) && (( $(grep -ac '=== hiy-status end ===' "$ART/serial.log" || true) <= reports )); do sleep 3; done
  check "the guest booted a second time (another status report on the console)" \
    test "$(grep -ac '=== hiy-status end ===' "$ART/serial.log" || true)" -gt "$reports"

  # power off: qemu exits when the guest does
  s=$(api POST /api/v1/system/poweroff)
  check "POST /api/v1/system/poweroff answers 202 (got $s)" test "$s" = 202
  t0=$SECONDS
  while (( SECONDS - t0 < 180 )) && kill -0 "$qemu_pid" 2>/dev/null; do sleep 2; done
  if kill -0 "$qemu_pid" 2>/dev/null; then bad "the guest did not power off within 180 s"
  else ok "the guest powered off ($((SECONDS - t0)) s; qemu exited)"; wait "$qemu_pid" 2>/dev/null || true; qemu_pid=""; fi
}
