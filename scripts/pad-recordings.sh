#!/usr/bin/env bash
# Builds a presentation-attack test set of recordings for `hexin pad-eval` from ../shared (test data, never
# committed) into OUT (default /tmp/hexin-pad-recordings):
#   digital-photo/<person>/<photo>.y4m  a still photo panned and zoomed (what a virtual camera or the browser's
#                                        fake camera injects), made like ../shared/faces/camera-barack_obama.y4m
#   genuine/<clip-speaker>/<clip>.y4m    GRID talking-face clips: real people on camera (../shared/talking/grid)
# Usage: scripts/pad-recordings.sh [OUT]   then   hexin pad-eval OUT
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
shared="${HEXIN_SHARED:-$here/../shared}"
out="${1:-/tmp/hexin-pad-recordings}"
mkdir -p "$out/digital-photo" "$out/genuine"
ff() { ffmpeg -y -hide_banner -loglevel error "$@"; }
pan="scale=2560:1920:force_original_aspect_ratio=increase,crop=2560:1920,zoompan=z='1.15+0.05*sin(2*PI*on/40)':x='(iw-iw/zoom)/2+60*sin(2*PI*on/40)':y='(ih-ih/zoom)*0.3+15*cos(2*PI*on/40)':d=40:s=640x480:fps=10,format=yuv420p"
for photo in barack_obama/2.jpg joe_biden/1.jpg paul_rudd/1.jpg compreface_person_a/1.jpg compreface_person_b/1.jpg; do
  person="${photo%%/*}"
  mkdir -p "$out/digital-photo/$person"
  ff -i "$shared/faces/$photo" -vf "$pan" -frames:v 40 -f yuv4mpegpipe "$out/digital-photo/$person/$(basename "$photo" .jpg).y4m"
done
mkdir -p "$out/digital-photo/barack_obama-camera"
ln -sf "$shared/faces/camera-barack_obama.y4m" "$out/digital-photo/barack_obama-camera/camera-barack_obama.y4m"
# GRID: the speakers are not labelled by identity, so each clip is its own subject folder.
for clip in "$shared"/talking/grid/evaluation/samples/GRID/*.mpg; do
  name="$(basename "$clip" .mpg)"
  mkdir -p "$out/genuine/$name"
  ff -i "$clip" -vf "scale=640:512,crop=640:480,fps=10,format=yuv420p" -an -f yuv4mpegpipe "$out/genuine/$name/$name.y4m"
done
echo "$out"
