package org.dalaba.hub.directory;

import java.util.List;

/**
 * A village (行政村): a 12-digit division code, a name, a contact, further people to phone
 * ({@code contacts}, possibly none) and its endpoints. {@code sample} marks names invented for the
 * sample directory, so nobody mistakes them for real data.
 */
public record Village(String id, String name, String townshipId, boolean sample, Contact contact,
                      Double lat, Double lon, List<Endpoint> endpoints, List<DutyContact> contacts) {
  public Village {
    endpoints = List.copyOf(endpoints);
    contacts = contacts == null ? List.of() : List.copyOf(contacts);
  }

  /** A village with no further contacts. */
  public Village(String id, String name, String townshipId, boolean sample, Contact contact, Double lat, Double lon,
                 List<Endpoint> endpoints) {
    this(id, name, townshipId, sample, contact, lat, lon, endpoints, List.of());
  }

  /** The same village with these further contacts. */
  public Village withContacts(List<DutyContact> list) {
    return new Village(id, name, townshipId, sample, contact, lat, lon, endpoints, list);
  }
}
