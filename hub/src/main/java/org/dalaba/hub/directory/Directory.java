package org.dalaba.hub.directory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The county's townships, villages and endpoints; immutable, indexed by id. Replaced whole on import. */
public final class Directory {
  private final String countyId;
  private final String countyName;
  private final List<Township> townships;
  private final Map<String, Township> townshipsById = new LinkedHashMap<>();
  private final Map<String, Village> villagesById = new LinkedHashMap<>();
  private final Map<String, Endpoint> endpointsById = new LinkedHashMap<>();

  public Directory(String countyId, String countyName, List<Township> townships) {
    this.countyId = countyId;
    this.countyName = countyName;
    this.townships = List.copyOf(townships);
    for (Township t : this.townships) {
      townshipsById.put(t.id(), t);
      for (Village v : t.villages()) {
        villagesById.put(v.id(), v);
        for (Endpoint e : v.endpoints()) {
          endpointsById.put(e.id(), e);
        }
      }
    }
  }

  public String countyId() { return countyId; }

  public String countyName() { return countyName; }

  public List<Township> townships() { return townships; }

  public Optional<Township> township(String id) { return Optional.ofNullable(townshipsById.get(id)); }

  public Optional<Village> village(String id) { return Optional.ofNullable(villagesById.get(id)); }

  public Optional<Endpoint> endpoint(String id) { return Optional.ofNullable(endpointsById.get(id)); }

  public Map<String, Village> villages() { return Collections.unmodifiableMap(villagesById); }

  public Map<String, Endpoint> endpoints() { return Collections.unmodifiableMap(endpointsById); }
}
