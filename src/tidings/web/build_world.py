"""Build the dashboard's world outline (``static/world.json``) from world-atlas TopoJSON.

    npm pack world-atlas@2 && tar xzf world-atlas-2.0.2.tgz
    python -m tidings.web.build_world package/countries-110m.json

world-atlas (ISC licence, Mike Bostock) packages Natural Earth's 1:110m country outlines
(public domain). This script decodes its TopoJSON (quantised, delta-encoded arcs) and writes
one SVG path per country in an equirectangular frame: x = longitude + 180, y = 90 - latitude
(viewBox 0 0 360 180), rounded to 0.1 degree. The dashboard draws event places on the same
frame, so it needs no projection library and no network.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent / "static" / "world.json"


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Absolute (lon, lat) points of every arc."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        points, x, y = [], 0, 0
        for dx, dy, *_ in arc:
            if transform:
                x, y = x + dx, y + dy
                sx, sy = transform["scale"]
                tx, ty = transform["translate"]
                points.append((x * sx + tx, y * sy + ty))
            else:
                points.append((dx, dy))
        arcs.append(points)
    return arcs


def ring_points(ring: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc[1:] if points else arc)  # arcs share their end points
    return points


def unwrapped_rings(points: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """A ring that crosses the antimeridian (Russia, Fiji) jumps 360 degrees between two points
    and would draw a line across the whole map. Make its longitudes continuous and draw it
    twice, once on each side: the map's frame clips what falls outside. A ring around a pole
    (Antarctica) winds once round the globe: it is left as it is."""
    if not points:
        return []
    out = [points[0]]
    for lon, lat in points[1:]:
        prev = out[-1][0]
        while lon - prev > 180:
            lon -= 360
        while prev - lon > 180:
            lon += 360
        out.append((lon, lat))
    if abs(out[-1][0] - out[0][0]) > 180:
        return [points]
    lons = [p[0] for p in out]
    rings = [out]
    if min(lons) < -180:
        rings.append([(lon + 360, lat) for lon, lat in out])
    if max(lons) > 180:
        rings.append([(lon - 360, lat) for lon, lat in out])
    return rings


def ring_path(points: list[tuple[float, float]]) -> str:
    out, last = [], None
    for lon, lat in points:
        xy = (round(lon + 180, 1), round(90 - lat, 1))
        if xy != last:
            out.append(f"{xy[0]:g},{xy[1]:g}")
            last = xy
    return ("M" + "L".join(out) + "Z") if len(out) > 2 else ""


def countries(topology: dict[str, Any]) -> list[dict[str, str]]:
    arcs = decode_arcs(topology)
    out = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        kind = geometry.get("type")
        polygons = (
            [geometry["arcs"]] if kind == "Polygon"
            else geometry["arcs"] if kind == "MultiPolygon" else []
        )
        path = "".join(
            ring_path(part)
            for poly in polygons for ring in poly
            for part in unwrapped_rings(ring_points(ring, arcs))
        )
        if path:
            name = (geometry.get("properties") or {}).get("name", "")
            out.append({"name": name, "d": path})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("topojson", type=Path, help="world-atlas countries-110m.json")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    topology = json.loads(args.topojson.read_text(encoding="utf-8"))
    data = {
        "source": "Natural Earth 1:110m countries (public domain), via world-atlas 2 (ISC)",
        "frame": "equirectangular: x = lon + 180, y = 90 - lat, viewBox 0 0 360 180",
        "countries": countries(topology),
    }
    args.out.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {len(data['countries'])} country outlines to {args.out} "
          f"({args.out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
