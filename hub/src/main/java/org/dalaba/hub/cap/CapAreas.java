package org.dalaba.hub.cap;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.dalaba.hub.alert.Targets;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.directory.Township;
import org.dalaba.hub.directory.Village;

/**
 * Which of the county's villages an {@code info}'s {@code area}s cover (docs/cap.md, "Areas"): Chinese administrative
 * division codes in {@code geocode} ({@value #GB2260} 6 digits: the county, or the city or province that contains it;
 * {@value #GB10114} 9 digits: a township, 12 digits: a village; {@value #STATS} 12 digits: a village, or a township
 * when it ends in 000), and {@code polygon} / {@code circle} matched against the villages' positions. Geocodes of other
 * systems are ignored (and said so). The villages found become the fewest targets: the county, whole townships, villages.
 */
final class CapAreas {
  static final String GB2260 = "GB/T 2260";
  static final String GB10114 = "GB/T 10114";
  static final String STATS = "统计用区划代码";

  private CapAreas() {
  }

  /** The villages found and what could not be matched (the reason given when nothing is). */
  record Match(Set<String> villageIds, List<String> notes) {
  }

  static Match match(List<CapMessage.Area> areas, Directory dir) {
    Set<String> found = new LinkedHashSet<>();
    List<String> notes = new ArrayList<>();
    List<Village> villages = new ArrayList<>(dir.villages().values());
    long unplaced = villages.stream().filter(v -> v.lat() == null || v.lon() == null).count();
    for (CapMessage.Area area : areas) {
      for (CapMessage.NameValue code : area.geocodes()) {
        byCode(code, dir, found, notes);
      }
      for (String text : area.polygons()) {
        Geo.Polygon polygon = Geo.polygon(text);
        villages.stream().filter(v -> v.lat() != null && v.lon() != null && polygon.contains(new Geo.Point(v.lat(), v.lon())))
            .forEach(v -> found.add(v.id()));
      }
      for (String text : area.circles()) {
        Geo.Circle circle = Geo.circle(text);
        villages.stream().filter(v -> v.lat() != null && v.lon() != null && circle.contains(new Geo.Point(v.lat(), v.lon())))
            .forEach(v -> found.add(v.id()));
      }
      if ((!area.polygons().isEmpty() || !area.circles().isEmpty()) && unplaced > 0) {
        notes.add(unplaced + " 个村没有坐标，无法按多边形或圆形匹配|" + unplaced + " village(s) have no position and cannot match a polygon or circle");
      }
    }
    return new Match(found, notes);
  }

  private static void byCode(CapMessage.NameValue code, Directory dir, Set<String> found, List<String> notes) {
    String name = code.valueName() == null ? "" : code.valueName().strip();
    String value = code.value() == null ? "" : code.value().strip();
    String system = name.toUpperCase(Locale.ROOT).replace(" ", "");
    if (system.equals("GB/T2260")) {
      if (!value.matches("\\d{6}")) {
        throw codeRefused(name, value, "6 位县级行政区划代码", "a 6-digit county code");
      }
      String county = dir.countyId();
      boolean contains = value.equals(county)
          || value.endsWith("0000") && county.startsWith(value.substring(0, 2))
          || value.endsWith("00") && county.startsWith(value.substring(0, 4));
      if (contains) {
        found.addAll(dir.villages().keySet());
      } else {
        notes.add("代码 " + value + " 不是本县（" + county + "）或其上级|the code " + value + " is not this county (" + county + ") or above it");
      }
    } else if (system.equals("GB/T10114") || name.equals(STATS)) {
      if (!value.matches("\\d{9}|\\d{12}")) {
        throw codeRefused(name, value, "9 位乡镇代码或 12 位村代码", "a 9-digit township code or a 12-digit village code");
      }
      String townshipId = value.length() == 9 ? value : value.endsWith("000") ? value.substring(0, 9) : null;
      if (townshipId != null) {
        dir.township(townshipId).ifPresentOrElse(t -> t.villages().forEach(v -> found.add(v.id())),
            () -> notes.add("本县没有乡镇 " + townshipId + "|this county has no township " + townshipId));
      } else if (dir.village(value).isPresent()) {
        found.add(value);
      } else {
        notes.add("本县没有村 " + value + "|this county has no village " + value);
      }
    } else {
      notes.add("不认识的地理编码体系“" + name + "”，已忽略|geocode system '" + name + "' is not known and was ignored");
    }
  }

  private static CapRefused codeRefused(String name, String value, String zh, String en) {
    String shown = value.length() > 20 ? value.substring(0, 20) + "…" : value;
    return CapRefused.malformed("geocode", "元素 <geocode> 中 " + name + " 的值“" + shown + "”应为" + zh,
        "element <geocode>: the " + name + " value '" + shown + "' must be " + en);
  }

  /** The fewest targets for these villages: the county, whole townships, then single villages. */
  static Targets targets(Set<String> villageIds, Directory dir) {
    if (villageIds.containsAll(dir.villages().keySet())) {
      return Targets.everyone();
    }
    List<String> townships = new ArrayList<>();
    List<String> villages = new ArrayList<>();
    for (Township township : dir.townships()) {
      List<String> ids = township.villages().stream().map(Village::id).toList();
      if (!ids.isEmpty() && villageIds.containsAll(ids)) {
        townships.add(township.id());
      } else {
        ids.stream().filter(villageIds::contains).forEach(villages::add);
      }
    }
    return new Targets(false, townships, villages);
  }
}
