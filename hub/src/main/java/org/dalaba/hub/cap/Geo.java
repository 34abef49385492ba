package org.dalaba.hub.cap;

import java.util.ArrayList;
import java.util.List;

/**
 * CAP's shapes (WGS 84 "lat,lon" pairs, CAP 1.2 3.2.4): a polygon (at least four pairs, the first and last the same)
 * and a circle ("lat,lon radius" in kilometres), read strictly, and whether a point lies in them: ray casting on
 * latitude/longitude (exact enough for the few kilometres of a county) and great-circle distance (haversine).
 */
final class Geo {
  private static final double EARTH_RADIUS_KM = 6371.0088;

  private Geo() {
  }

  record Point(double lat, double lon) {
  }

  record Circle(Point centre, double radiusKm) {
    boolean contains(Point p) {
      return distanceKm(centre, p) <= radiusKm;
    }
  }

  record Polygon(List<Point> points) {
    /** Ray casting; a point on an edge may fall either side. */
    boolean contains(Point p) {
      boolean inside = false;
      for (int i = 0, j = points.size() - 1; i < points.size(); j = i++) {
        Point a = points.get(i);
        Point b = points.get(j);
        if ((a.lat() > p.lat()) != (b.lat() > p.lat())
            && p.lon() < (b.lon() - a.lon()) * (p.lat() - a.lat()) / (b.lat() - a.lat()) + a.lon()) {
          inside = !inside;
        }
      }
      return inside;
    }
  }

  static double distanceKm(Point a, Point b) {
    double dLat = Math.toRadians(b.lat() - a.lat());
    double dLon = Math.toRadians(b.lon() - a.lon());
    double h = Math.sin(dLat / 2) * Math.sin(dLat / 2)
        + Math.cos(Math.toRadians(a.lat())) * Math.cos(Math.toRadians(b.lat())) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  static Polygon polygon(String text) {
    List<Point> points = new ArrayList<>();
    for (String pair : text.strip().split("\\s+")) {
      points.add(point(pair, "polygon"));
    }
    if (points.size() < 4 || !points.get(0).equals(points.get(points.size() - 1))) {
      throw CapRefused.malformed("polygon", "元素 <polygon> 不是闭合的多边形：至少要 4 个“纬度,经度”点，且首尾两点相同",
          "element <polygon> is not a closed polygon: it needs at least 4 'lat,lon' pairs, the first and the last the same");
    }
    return new Polygon(points);
  }

  static Circle circle(String text) {
    String[] parts = text.strip().split("\\s+");
    if (parts.length != 2) {
      throw CapRefused.malformed("circle", "元素 <circle> 应为“纬度,经度 半径公里数”，如 42.55,124.05 10",
          "element <circle> must be 'lat,lon radius-in-km', e.g. 42.55,124.05 10");
    }
    Point centre = point(parts[0], "circle");
    double radius;
    try {
      radius = Double.parseDouble(parts[1]);
    } catch (NumberFormatException e) {
      radius = -1;
    }
    if (!(radius >= 0) || Double.isInfinite(radius)) {
      throw CapRefused.malformed("circle", "元素 <circle> 的半径“" + shortened(parts[1]) + "”应为不小于 0 的公里数",
          "element <circle>: the radius '" + shortened(parts[1]) + "' must be a number of kilometres, 0 or more");
    }
    return new Circle(centre, radius);
  }

  private static Point point(String pair, String element) {
    String[] ll = pair.split(",", -1);
    double lat = Double.NaN;
    double lon = Double.NaN;
    if (ll.length == 2) {
      try {
        lat = Double.parseDouble(ll[0]);
        lon = Double.parseDouble(ll[1]);
      } catch (NumberFormatException e) {
        lat = Double.NaN;
      }
    }
    if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) {
      throw CapRefused.malformed(element, "元素 <" + element + "> 中的“" + shortened(pair) + "”不是“纬度,经度”坐标（WGS 84，纬度 -90 到 90，经度 -180 到 180）",
          "element <" + element + ">: '" + shortened(pair) + "' is not a 'lat,lon' pair (WGS 84, latitude -90 to 90, longitude -180 to 180)");
    }
    return new Point(lat, lon);
  }

  private static String shortened(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }
}
