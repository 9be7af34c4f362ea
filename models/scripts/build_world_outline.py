"""Build nerx/world_land.txt, the world outline `nerx report` draws its maps on (issue 29),
from Natural Earth's 1:110m land polygons (public domain, naturalearthdata.com) as GeoJSON
(e.g. 110m/physical/ne_110m_land.json of github.com/martynafford/natural-earth-geojson):

    python models/scripts/build_world_outline.py ne_110m_land.json [--output nerx/world_land.txt]

The file is one SVG path in an equirectangular projection (x = longitude + 180, y = 90 -
latitude, to 0.1 degree; points closer than that to the previous one dropped): about 40 KB."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

HEADER = ("# Natural Earth 1:110m land (public domain, naturalearthdata.com), as an SVG path "
          "in an equirectangular projection: x = longitude + 180, y = 90 - latitude.\n")


def _ring(points: list[list[float]]) -> str:
    kept: list[tuple[float, float]] = []
    for lon, lat in points:
        point = (round(lon + 180, 1), round(90 - lat, 1))
        if not kept or point != kept[-1]:
            kept.append(point)
    if len(kept) < 3:
        return ""
    return "M" + "L".join(f"{x:g} {y:g}" for x, y in kept) + "Z"


def outline(geojson: dict[str, Any]) -> str:
    """One SVG path of every land polygon."""
    rings = []
    for feature in geojson["features"]:
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" \
            else geometry["coordinates"]
        rings += [_ring(polygon[0]) for polygon in polygons]
    return "".join(ring for ring in rings if ring)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("geojson")
    parser.add_argument("--output", default="nerx/world_land.txt")
    args = parser.parse_args()
    path = outline(json.loads(Path(args.geojson).read_text(encoding="utf-8")))
    Path(args.output).write_text(HEADER + path + "\n", encoding="utf-8")
    print(f"{args.output}: {len(path) / 1000:.0f} KB")


if __name__ == "__main__":
    main()
