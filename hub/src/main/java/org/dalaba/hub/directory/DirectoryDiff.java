package org.dalaba.hub.directory;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What an import would change: townships and villages added, removed or renamed (matched by id),
 * villages whose other details changed, and endpoints added or removed. Villages of an added or removed
 * township are listed as added or removed villages too, and likewise their endpoints, so the counts are
 * what the field will see. Added items keep the order of {@code after}, removed ones that of
 * {@code before}. For the console's import preview.
 */
public final class DirectoryDiff {

  /** An item kept its id but changed its name. */
  public record Rename(String id, String from, String to) {
  }

  /** A village kept its id and name but changed other fields: "sample", "contact", "contacts", "location". */
  public record VillageChange(String id, String name, List<String> fields) {
    public VillageChange {
      fields = List.copyOf(fields);
    }
  }

  private final JsonObject countyBefore;
  private final JsonObject countyAfter;
  private final List<Township> addedTownships;
  private final List<Township> removedTownships;
  private final List<Rename> renamedTownships;
  private final List<Village> addedVillages;
  private final List<Village> removedVillages;
  private final List<Rename> renamedVillages;
  private final List<VillageChange> changedVillages;
  private final List<Endpoint> addedEndpoints;
  private final List<Endpoint> removedEndpoints;

  private DirectoryDiff(Directory before, Directory after) {
    countyBefore = new JsonObject().put("id", before.countyId()).put("name", before.countyName());
    countyAfter = new JsonObject().put("id", after.countyId()).put("name", after.countyName());
    addedTownships = missingFrom(after.townships(), before, (d, t) -> d.township(t.id()).isPresent());
    removedTownships = missingFrom(before.townships(), after, (d, t) -> d.township(t.id()).isPresent());
    renamedTownships = new ArrayList<>();
    for (Township t : after.townships()) {
      before.township(t.id()).filter(old -> !old.name().equals(t.name()))
          .ifPresent(old -> renamedTownships.add(new Rename(t.id(), old.name(), t.name())));
    }
    addedVillages = missingFrom(List.copyOf(after.villages().values()), before, (d, v) -> d.village(v.id()).isPresent());
    removedVillages = missingFrom(List.copyOf(before.villages().values()), after, (d, v) -> d.village(v.id()).isPresent());
    renamedVillages = new ArrayList<>();
    changedVillages = new ArrayList<>();
    for (Village v : after.villages().values()) {
      before.village(v.id()).ifPresent(old -> {
        if (!old.name().equals(v.name())) {
          renamedVillages.add(new Rename(v.id(), old.name(), v.name()));
        }
        List<String> fields = new ArrayList<>();
        if (old.sample() != v.sample()) {
          fields.add("sample");
        }
        if (!Objects.equals(old.contact(), v.contact())) {
          fields.add("contact");
        }
        if (!Objects.equals(old.contacts(), v.contacts())) {
          fields.add("contacts");
        }
        if (!Objects.equals(old.lat(), v.lat()) || !Objects.equals(old.lon(), v.lon())) {
          fields.add("location");
        }
        if (!fields.isEmpty()) {
          changedVillages.add(new VillageChange(v.id(), v.name(), fields));
        }
      });
    }
    addedEndpoints = missingFrom(List.copyOf(after.endpoints().values()), before, (d, e) -> d.endpoint(e.id()).isPresent());
    removedEndpoints = missingFrom(List.copyOf(before.endpoints().values()), after, (d, e) -> d.endpoint(e.id()).isPresent());
  }

  public static DirectoryDiff between(Directory before, Directory after) {
    return new DirectoryDiff(Objects.requireNonNull(before, "before"), Objects.requireNonNull(after, "after"));
  }

  private interface Lookup<T> {
    boolean has(Directory directory, T item);
  }

  private static <T> List<T> missingFrom(List<T> items, Directory other, Lookup<T> lookup) {
    List<T> missing = new ArrayList<>();
    for (T item : items) {
      if (!lookup.has(other, item)) {
        missing.add(item);
      }
    }
    return List.copyOf(missing);
  }

  public boolean countyChanged() { return !countyBefore.equals(countyAfter); }

  public List<Township> addedTownships() { return addedTownships; }

  public List<Township> removedTownships() { return removedTownships; }

  public List<Rename> renamedTownships() { return List.copyOf(renamedTownships); }

  public List<Village> addedVillages() { return addedVillages; }

  public List<Village> removedVillages() { return removedVillages; }

  public List<Rename> renamedVillages() { return List.copyOf(renamedVillages); }

  public List<VillageChange> changedVillages() { return List.copyOf(changedVillages); }

  public List<Endpoint> addedEndpoints() { return addedEndpoints; }

  public List<Endpoint> removedEndpoints() { return removedEndpoints; }

  /** True if nothing differs: county, townships, villages (with their details) and endpoints. */
  public boolean isEmpty() {
    return !countyChanged() && addedTownships.isEmpty() && removedTownships.isEmpty() && renamedTownships.isEmpty()
        && addedVillages.isEmpty() && removedVillages.isEmpty() && renamedVillages.isEmpty()
        && changedVillages.isEmpty() && addedEndpoints.isEmpty() && removedEndpoints.isEmpty();
  }

  /**
   * <pre>{"empty":false,
   *  "county":{"changed":false,"from":{"id":"211282","name":"开原市"},"to":{…}},
   *  "counts":{"townshipsAdded":1,…},
   *  "townships":{"added":[{"id","name"}],"removed":[…],"renamed":[{"id","from","to"}]},
   *  "villages":{"added":[{"id","name","townshipId"}],"removed":[…],"renamed":[…],
   *              "changed":[{"id","name","fields":["contact"]}]},
   *  "endpoints":{"added":[{"id","villageId"}],"removed":[…]}}</pre>
   */
  public JsonObject toJson() {
    JsonObject counts = new JsonObject()
        .put("townshipsAdded", addedTownships.size()).put("townshipsRemoved", removedTownships.size())
        .put("townshipsRenamed", renamedTownships.size())
        .put("villagesAdded", addedVillages.size()).put("villagesRemoved", removedVillages.size())
        .put("villagesRenamed", renamedVillages.size()).put("villagesChanged", changedVillages.size())
        .put("endpointsAdded", addedEndpoints.size()).put("endpointsRemoved", removedEndpoints.size());
    Function<Township, JsonObject> township = t -> new JsonObject().put("id", t.id()).put("name", t.name());
    Function<Village, JsonObject> village = v -> new JsonObject().put("id", v.id()).put("name", v.name())
        .put("townshipId", v.townshipId());
    Function<Endpoint, JsonObject> endpoint = e -> new JsonObject().put("id", e.id()).put("villageId", e.villageId());
    Function<Rename, JsonObject> rename = r -> new JsonObject().put("id", r.id()).put("from", r.from()).put("to", r.to());
    Function<VillageChange, JsonObject> change = c -> new JsonObject().put("id", c.id()).put("name", c.name())
        .put("fields", new JsonArray(new ArrayList<>(c.fields())));
    return new JsonObject()
        .put("empty", isEmpty())
        .put("county", new JsonObject().put("changed", countyChanged()).put("from", countyBefore.copy())
            .put("to", countyAfter.copy()))
        .put("counts", counts)
        .put("townships", new JsonObject().put("added", array(addedTownships, township))
            .put("removed", array(removedTownships, township)).put("renamed", array(renamedTownships, rename)))
        .put("villages", new JsonObject().put("added", array(addedVillages, village))
            .put("removed", array(removedVillages, village)).put("renamed", array(renamedVillages, rename))
            .put("changed", array(changedVillages, change)))
        .put("endpoints", new JsonObject().put("added", array(addedEndpoints, endpoint))
            .put("removed", array(removedEndpoints, endpoint)));
  }

  private static <T> JsonArray array(List<T> items, Function<T, JsonObject> map) {
    JsonArray array = new JsonArray();
    items.forEach(item -> array.add(map.apply(item)));
    return array;
  }
}
