package org.dalaba.hub.audit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dalaba.hub.store.RedisStore;

/**
 * Verifies the audit stream's hash chain ({@link AuditChain}): reads it oldest first in pages of {@value #PAGE}
 * (XRANGE with an exclusive start), and hashes each page on a worker, so a million entries never hold the event loop.
 * Entries appended while it runs are checked too, up to the end it reaches.
 */
public final class AuditVerifier {
  static final int PAGE = 1000;

  private final Vertx vertx;
  private final RedisStore redis;
  private final String stream;

  public AuditVerifier(Vertx vertx, RedisStore redis, String stream) {
    this.vertx = vertx;
    this.redis = redis;
    this.stream = stream;
  }

  /** The result of {@link ChainCheck#result}. */
  public Future<JsonObject> verify(boolean english) {
    ChainCheck check = new ChainCheck();
    return page(check, "-").map(v -> check.result(english));
  }

  private Future<Void> page(ChainCheck check, String start) {
    return redis.send(Command.XRANGE, stream, start, "+", "COUNT", PAGE).compose(response -> {
      List<Entry> entries = new ArrayList<>(response.size());
      for (Response entry : response) {
        entries.add(new Entry(entry.get(0).toString(), entry.get(1)));
      }
      if (entries.isEmpty()) {
        return Future.succeededFuture();
      }
      return vertx.executeBlocking(() -> {
        for (Entry entry : entries) {
          if (!check.accept(entry.id(), entry.fields())) {
            return false;
          }
        }
        return true;
      }, true).compose(goOn -> goOn && entries.size() == PAGE ? page(check, "(" + entries.get(entries.size() - 1).id())
          : Future.succeededFuture());
    });
  }

  /** One stream entry; its fields are decoded on the worker. */
  private record Entry(String id, Response flat) {
    Map<String, String> fields() {
      Map<String, String> fields = new LinkedHashMap<>();
      for (int i = 0; i + 1 < flat.size(); i += 2) {
        String name = flat.get(i).toString();
        if (fields.put(name, flat.get(i + 1).toString()) != null) {
          fields.put(name + "#duplicate", ""); // a field twice: not an entry the hub wrote
        }
      }
      return fields;
    }
  }
}
