"""Build ``data/countries.geojson`` (the offline map's outlines) from world-atlas TopoJSON.

Source: the npm package ``world-atlas`` 2.0.2 (``countries-110m.json``, ISC license,
Copyright 2013-2019 Michael Bostock), itself built from Natural Earth 1:110m Admin 0 countries
(public domain). Run once by hand, offline, on the unpacked package::

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python -m newsevents.serve.make_countries package/countries-110m.json \
        src/newsevents/data/countries.geojson

Arcs are decoded (delta and quantization), coordinates rounded to 0.01 degree, ISO numeric ids
mapped to ISO 3166-1 alpha-3 with pycountry; Antarctica is left out (nothing happens there that
the map needs, and it fills a third of an equirectangular map).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """The arcs of a quantized TopoJSON topology as absolute (lon, lat) lists."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((round(x * sx + tx, 2), round(y * sy + ty, 2)))
        arcs.append(points)
    return arcs


def ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[list[float]]:
    """Join a ring's arcs (a negative index ~i is arc i reversed), dropping shared endpoints."""
    points: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        points.extend(arc if not points else arc[1:])
    return [list(p) for p in points]


def iso3(numeric: str | None) -> str | None:
    import pycountry

    if not numeric:
        return None
    country = pycountry.countries.get(numeric=numeric.zfill(3))
    return country.alpha_3 if country else None


def convert(topology: dict[str, Any]) -> dict[str, Any]:
    arcs = decode_arcs(topology)
    features = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry.get("properties", {}).get("name")
        if name == "Antarctica" or geometry["type"] not in ("Polygon", "MultiPolygon"):
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        coords = [[ring(arcs, r) for r in polygon] for polygon in polygons]
        features.append(
            {
                "type": "Feature",
                "properties": {"name": name, "iso3": iso3(geometry.get("id"))},
                "geometry": {"type": "MultiPolygon", "coordinates": coords},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def main(argv: list[str]) -> None:
    source, target = Path(argv[0]), Path(argv[1])
    data = convert(json.loads(source.read_text(encoding="utf-8")))
    target.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
