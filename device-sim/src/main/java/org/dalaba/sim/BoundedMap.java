package org.dalaba.sim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map that forgets its oldest entries beyond a fixed size, so per-endpoint memories (seen command ids,
 * cancelled ids) stay bounded however long the simulator runs. Not thread-safe: used on one context.
 */
final class BoundedMap<K, V> extends LinkedHashMap<K, V> {

  private final int maxSize;

  BoundedMap(int maxSize) {
    super(16, 0.75f, false);
    this.maxSize = maxSize;
  }

  @Override
  protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
    return size() > maxSize;
  }
}
