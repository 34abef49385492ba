package org.dalaba.hub.directory;

import java.util.List;

/**
 * A village (行政村): a 12-digit division code, a name, a contact and its endpoints.
 * {@code sample} marks names invented for the sample directory, so nobody mistakes them for real data.
 */
public record Village(String id, String name, String townshipId, boolean sample, Contact contact,
                      Double lat, Double lon, List<Endpoint> endpoints) {
  public Village {
    endpoints = List.copyOf(endpoints);
  }
}
