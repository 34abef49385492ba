package org.dalaba.hub.migration;

import io.vertx.core.Future;
import org.dalaba.hub.store.RedisStore;

/** One step of the data layout: takes data of format {@link #from()} to {@code from() + 1}. */
public interface Migration {
  int from();

  /** What the step changes, for the start-up log. */
  String description();

  /** Must be safe to run again after a crash half-way (the version is raised only after it succeeds). */
  Future<Void> apply(RedisStore redis);
}
