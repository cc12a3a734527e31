#!/bin/sh
# deb post-install: electron-builder's own steps (the /usr/bin link, the sandbox helper's mode), then tell systemd
# about the user unit. It is enabled per kiosk account by the deployment: systemctl --user enable hexin-kiosk.service
set -e
ln -sf '/opt/Hexin Kiosk/hexin-kiosk' /usr/bin/hexin-kiosk
if [ -f '/opt/Hexin Kiosk/chrome-sandbox' ]; then
  chmod 4755 '/opt/Hexin Kiosk/chrome-sandbox' || true
fi
if command -v systemctl >/dev/null 2>&1; then
  systemctl --global daemon-reload >/dev/null 2>&1 || true
fi
