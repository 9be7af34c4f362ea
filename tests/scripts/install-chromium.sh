#!/usr/bin/env bash
# The browser test's Chromium, from Debian's packages; the test skips with a message without it.
command -v chromium >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
    >/dev/null 2>&1 || echo "chromium could not be installed: the browser test will be skipped"
else
  echo "not root or no apt-get: chromium not installed, the browser test will be skipped"
fi
exit 0
