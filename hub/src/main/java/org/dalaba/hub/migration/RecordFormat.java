package org.dalaba.hub.migration;

import io.vertx.core.Future;
import org.dalaba.hub.store.RedisStore;

/** 0 → 1: the layout is unchanged; from now on its version is recorded (the runner writes it). */
final class RecordFormat implements Migration {
  @Override
  public int from() {
    return 0;
  }

  @Override
  public String description() {
    return "record the data-format version";
  }

  @Override
  public Future<Void> apply(RedisStore redis) {
    return Future.succeededFuture();
  }
}
