package org.dalaba.hub.access;

import io.vertx.core.json.JsonObject;
import java.util.Objects;
import org.dalaba.hub.alert.Coverage;
import org.dalaba.hub.alert.Targets;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.directory.Village;

/**
 * Where a user may act: the whole county, one township, or one village. Stored as {@code county},
 * {@code township:<id>} or {@code village:<id>}. All checks take the current directory, so a village
 * moved to another township by an import moves between scopes with it.
 */
public record Scope(Kind kind, String id) {
  public enum Kind { COUNTY, TOWNSHIP, VILLAGE }

  public static final Scope COUNTY = new Scope(Kind.COUNTY, null);

  public Scope {
    Objects.requireNonNull(kind);
    if (kind != Kind.COUNTY && (id == null || id.isBlank())) {
      throw new IllegalArgumentException(kind + " scope needs an id");
    }
    if (kind == Kind.COUNTY) {
      id = null;
    }
  }

  public static Scope township(String id) { return new Scope(Kind.TOWNSHIP, id); }

  public static Scope village(String id) { return new Scope(Kind.VILLAGE, id); }

  /** @return the scope, or null if the stored text is not one */
  public static Scope parse(String stored) {
    if (stored == null || stored.equals("county")) {
      return stored == null ? null : COUNTY;
    }
    int colon = stored.indexOf(':');
    if (colon < 0 || colon == stored.length() - 1) {
      return null;
    }
    String id = stored.substring(colon + 1);
    return switch (stored.substring(0, colon)) {
      case "township" -> township(id);
      case "village" -> village(id);
      default -> null;
    };
  }

  public String stored() {
    return kind == Kind.COUNTY ? "county" : kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + id;
  }

  public boolean isCounty() { return kind == Kind.COUNTY; }

  public boolean includesVillage(Village village) {
    return switch (kind) {
      case COUNTY -> true;
      case TOWNSHIP -> village.townshipId().equals(id);
      case VILLAGE -> village.id().equals(id);
    };
  }

  public boolean includesVillage(String villageId, Directory directory) {
    return directory.village(villageId).map(this::includesVillage).orElse(false);
  }

  /** Whether every village the township has lies in this scope. */
  public boolean includesTownship(String townshipId) {
    return kind == Kind.COUNTY || (kind == Kind.TOWNSHIP && id.equals(townshipId));
  }

  /** Whether every village of {@code other} lies in this scope (a scope contains itself). */
  public boolean contains(Scope other, Directory directory) {
    return switch (kind) {
      case COUNTY -> true;
      case TOWNSHIP -> other.kind == Kind.TOWNSHIP ? id.equals(other.id)
          : other.kind == Kind.VILLAGE && directory.village(other.id).map(v -> v.townshipId().equals(id)).orElse(false);
      case VILLAGE -> other.kind == Kind.VILLAGE && id.equals(other.id);
    };
  }

  /** The smallest scope that contains both: the wider one, their common township, or the county. */
  public Scope widenedTo(Scope other, Directory directory) {
    if (contains(other, directory)) {
      return this;
    }
    if (other.contains(this, directory)) {
      return other;
    }
    String mine = townshipId(directory);
    return mine != null && mine.equals(other.townshipId(directory)) ? township(mine) : COUNTY;
  }

  /** The township this scope lies in (itself, or its village's); null for the county or an unknown village. */
  public String townshipId(Directory directory) {
    return switch (kind) {
      case COUNTY -> null;
      case TOWNSHIP -> id;
      case VILLAGE -> directory.village(id).map(Village::townshipId).orElse(null);
    };
  }

  /** Whether a user of this scope may aim a broadcast at all of {@code targets}. */
  public boolean covers(Targets targets, Directory directory) {
    if (targets.all()) {
      return isCounty();
    }
    return targets.townships().stream().allMatch(this::includesTownship)
        && targets.villages().stream().allMatch(v -> includesVillage(v, directory));
  }

  /** Whether any village {@code targets} reach lies in this scope: then the user may see the broadcast. */
  public boolean touches(Targets targets, Directory directory) {
    if (isCounty()) {
      return true;
    }
    return Coverage.of(targets, directory).endpointIds().stream()
        .map(e -> directory.endpoint(e).map(ep -> ep.villageId()).orElse(""))
        .anyMatch(v -> includesVillage(v, directory));
  }

  public JsonObject toJson(Directory directory) {
    JsonObject json = new JsonObject().put("kind", kind.name().toLowerCase(java.util.Locale.ROOT));
    if (kind == Kind.TOWNSHIP) {
      json.put("id", id).put("name", directory.township(id).map(t -> t.name()).orElse(null));
    } else if (kind == Kind.VILLAGE) {
      json.put("id", id).put("name", directory.village(id).map(v -> v.name()).orElse(null))
          .put("townshipId", directory.village(id).map(Village::townshipId).orElse(null));
    }
    return json;
  }
}
