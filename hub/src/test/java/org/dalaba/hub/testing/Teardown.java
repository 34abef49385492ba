package org.dalaba.hub.testing;

import java.util.ArrayDeque;
import java.util.Deque;

/** Stops what a test started, newest first, even if one of the stops fails. */
public final class Teardown implements AutoCloseable {
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();

  public <T extends AutoCloseable> T add(T resource) {
    resources.push(resource);
    return resource;
  }

  @Override
  public void close() throws Exception {
    Exception first = null;
    while (!resources.isEmpty()) {
      try {
        resources.pop().close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
