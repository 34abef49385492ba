package org.dalaba.hub.directory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The rules every directory obeys, whatever format it came in: checks the raw townships and villages
 * the JSON and CSV readers produce, reports every problem, and builds the {@link Directory} only when
 * there is none. A {@code null} id or name in the raw model means the reader already reported it.
 */
final class DirectoryValidator {
  /** China's extent, roughly: catches swapped or mistyped coordinates. */
  static final double MIN_LAT = 3.0;
  static final double MAX_LAT = 54.0;
  static final double MIN_LON = 73.0;
  static final double MAX_LON = 136.0;

  private static final Pattern COUNTY_ID = Pattern.compile("[0-9]{6}");
  private static final Pattern TOWNSHIP_ID = Pattern.compile("[0-9]{9}");
  private static final Pattern VILLAGE_ID = Pattern.compile("[0-9]{12}");
  private static final Pattern ENDPOINT_SUFFIX = Pattern.compile("-(0[1-9]|[1-9][0-9])");

  /** Names the place of a field: {@code at("id")} → "townships[2].id" or "line 14". */
  @FunctionalInterface
  interface Where {
    String at(String field);

    static Where json(String path) {
      return field -> field.isEmpty() ? path : path + "." + field;
    }

    static Where line(int line) {
      String where = "line " + line;
      return field -> where;
    }
  }

  record RawEndpoint(Where where, String id) {
  }

  /** {@code endpoints == null}: none given, the village gets its default endpoint {@code <id>-01}. */
  record RawVillage(Where where, String id, String name, boolean sample, Contact contact,
                    Double lat, Double lon, boolean coordinatesReported, List<RawEndpoint> endpoints,
                    List<DutyContact> contacts) {
    RawVillage(Where where, String id, String name, boolean sample, Contact contact, Double lat, Double lon,
               boolean coordinatesReported, List<RawEndpoint> endpoints) {
      this(where, id, name, sample, contact, lat, lon, coordinatesReported, endpoints, List.of());
    }
  }

  /** {@code sample == null}: derived, a township is a sample if all its villages are. */
  record RawTownship(Where where, String id, String name, Boolean sample, List<RawVillage> villages) {
  }

  private final Problems problems;
  private final Map<String, String> townshipWhere = new HashMap<>();
  private final Map<String, String> villageWhere = new HashMap<>();
  private final Map<String, String> endpointWhere = new HashMap<>();

  private DirectoryValidator(Problems problems) {
    this.problems = problems;
  }

  /**
   * @param countyWhere names the county's "id" and "name"
   * @param emptyWhere where to report a directory without townships, or null if the reader already did
   */
  static Directory validate(String countyId, String countyName, Where countyWhere, List<RawTownship> townships,
                            String emptyWhere, Problems problems) {
    DirectoryValidator validator = new DirectoryValidator(problems);
    validator.check(countyId, countyName, countyWhere, townships, emptyWhere);
    problems.throwIfAny();
    return build(countyId, countyName, townships);
  }

  private void check(String countyId, String countyName, Where countyWhere, List<RawTownship> townships,
                     String emptyWhere) {
    boolean countyOk = false;
    if (countyId != null) {
      countyOk = COUNTY_ID.matcher(countyId).matches();
      if (!countyOk) {
        problems.add(DirectoryProblem.countyId(countyWhere.at("id"), countyId));
      }
    }
    if (countyName != null && countyName.isBlank()) {
      problems.add(DirectoryProblem.emptyName(countyWhere.at("name"), "县", "county"));
    }
    if (townships.isEmpty() && emptyWhere != null) {
      problems.add(DirectoryProblem.noTownships(emptyWhere));
    }
    for (RawTownship township : townships) {
      checkTownship(township, countyOk ? countyId : null);
    }
  }

  private void checkTownship(RawTownship t, String countyId) {
    boolean idOk = false;
    if (t.id() != null) {
      String where = t.where().at("id");
      if (!TOWNSHIP_ID.matcher(t.id()).matches()) {
        problems.add(DirectoryProblem.townshipId(where, t.id()));
      } else if (countyId != null && !t.id().startsWith(countyId)) {
        problems.add(DirectoryProblem.townshipNotInCounty(where, t.id(), countyId));
      } else {
        idOk = true;
      }
      String first = townshipWhere.putIfAbsent(t.id(), where);
      if (first != null) {
        problems.add(DirectoryProblem.duplicateTownship(where, t.id(), first));
      }
    }
    if (t.name() != null && t.name().isBlank()) {
      problems.add(DirectoryProblem.emptyName(t.where().at("name"), "乡镇", "township"));
    }
    if (t.villages() != null && t.villages().isEmpty()) {
      problems.add(DirectoryProblem.townshipWithoutVillages(t.where().at("villages"), t.id() == null ? "?" : t.id()));
    }
    if (t.villages() != null) {
      for (RawVillage v : t.villages()) {
        checkVillage(v, idOk ? t.id() : null);
      }
    }
  }

  private void checkVillage(RawVillage v, String townshipId) {
    boolean idOk = false;
    if (v.id() != null) {
      String where = v.where().at("id");
      if (!VILLAGE_ID.matcher(v.id()).matches()) {
        problems.add(DirectoryProblem.villageId(where, v.id()));
      } else if (townshipId != null && !v.id().startsWith(townshipId)) {
        problems.add(DirectoryProblem.villageNotInTownship(where, v.id(), townshipId));
        idOk = true;
      } else {
        idOk = true;
      }
      String first = villageWhere.putIfAbsent(v.id(), where);
      if (first != null) {
        problems.add(DirectoryProblem.duplicateVillage(where, v.id(), first));
        idOk = false; // its endpoints would only repeat the same problem
      }
    }
    if (v.name() != null && v.name().isBlank()) {
      problems.add(DirectoryProblem.emptyName(v.where().at("name"), "村", "village"));
    }
    if (!v.coordinatesReported()) {
      if ((v.lat() == null) != (v.lon() == null)) {
        problems.add(DirectoryProblem.coordinateIncomplete(v.where().at(v.lat() == null ? "lat" : "lon")));
      }
      if (v.lat() != null && !(v.lat() >= MIN_LAT && v.lat() <= MAX_LAT)) {
        problems.add(DirectoryProblem.latitudeRange(v.where().at("lat"), v.lat(), MIN_LAT, MAX_LAT));
      }
      if (v.lon() != null && !(v.lon() >= MIN_LON && v.lon() <= MAX_LON)) {
        problems.add(DirectoryProblem.longitudeRange(v.where().at("lon"), v.lon(), MIN_LON, MAX_LON));
      }
    }
    if (idOk && v.endpoints() != null) {
      for (RawEndpoint e : v.endpoints()) {
        checkEndpoint(e, v.id());
      }
    } else if (idOk) {
      checkEndpoint(new RawEndpoint(v.where(), v.id() + "-01"), v.id());
    }
  }

  private void checkEndpoint(RawEndpoint e, String villageId) {
    if (e.id() == null) {
      return;
    }
    String where = e.where().at("id");
    if (!e.id().startsWith(villageId) || !ENDPOINT_SUFFIX.matcher(e.id().substring(villageId.length())).matches()) {
      problems.add(DirectoryProblem.endpointId(where, e.id(), villageId));
    }
    String first = endpointWhere.putIfAbsent(e.id(), where);
    if (first != null) {
      problems.add(DirectoryProblem.duplicateEndpoint(where, e.id(), first));
    }
  }

  private static Directory build(String countyId, String countyName, List<RawTownship> raw) {
    List<Township> townships = new ArrayList<>(raw.size());
    for (RawTownship t : raw) {
      List<Village> villages = new ArrayList<>(t.villages().size());
      boolean allSample = true;
      for (RawVillage v : t.villages()) {
        List<Endpoint> endpoints = new ArrayList<>();
        if (v.endpoints() == null) {
          endpoints.add(new Endpoint(v.id() + "-01", v.id(), t.id()));
        } else {
          v.endpoints().forEach(e -> endpoints.add(new Endpoint(e.id(), v.id(), t.id())));
        }
        villages.add(new Village(v.id(), v.name(), t.id(), v.sample(), v.contact(), v.lat(), v.lon(), endpoints, v.contacts()));
        allSample &= v.sample();
      }
      boolean sample = t.sample() != null ? t.sample() : allSample;
      townships.add(new Township(t.id(), t.name(), sample, villages));
    }
    return new Directory(countyId, countyName, townships);
  }
}
