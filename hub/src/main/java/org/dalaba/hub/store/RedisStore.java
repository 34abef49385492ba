package org.dalaba.hub.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.impl.RedisClusterConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hub's one Redis client (non-blocking, pooled) plus the few helpers every store needs: sending a
 * command, a pipeline, a MULTI/EXEC transaction, and running the Lua scripts under
 * {@code /redis/*.lua} by SHA (re-loading them if Redis restarted and forgot them).
 *
 * <p>On a Redis Cluster a pipeline or transaction whose keys span slots is split by slot: a pipeline
 * into one batch per slot, a transaction into one MULTI/EXEC per slot, run one after another in the
 * order the slots first appear. Each script's keys share one hash tag (see {@link Keys}).
 *
 * <p>With {@link RedisConnections#waitReplicas()} above 0, a transaction is followed, on the same
 * connection, by {@code WAIT n timeout}; if fewer replicas confirm in time the future fails, so the
 * API does not say "accepted" for a write only one server has.
 */
public final class RedisStore {
  private final Redis redis;
  private final RedisConnections connections;
  private final Map<String, String> scriptSources = new ConcurrentHashMap<>();
  private final Map<String, String> scriptShas = new ConcurrentHashMap<>();

  static {
    // SCRIPT LOAD has no key: on a cluster, send it to every master (and keep the first SHA)
    RedisClusterConnection.addReducer(Command.SCRIPT, replies -> replies.get(0));
  }

  public RedisStore(Vertx vertx, String url) {
    this(vertx, RedisConnections.standalone(url));
  }

  public RedisStore(Vertx vertx, RedisConnections connections) {
    this.connections = connections;
    this.redis = connections.pooled(vertx);
  }

  public RedisConnections connections() { return connections; }

  public Future<Response> send(Command command, Object... args) {
    Request request = Request.cmd(command);
    for (Object arg : args) {
      request.arg(String.valueOf(arg));
    }
    return redis.send(request);
  }

  public Future<Response> send(Request request) {
    return redis.send(request);
  }

  /** Pipelined: one round trip (one per slot on a cluster), not atomic. */
  public Future<List<Response>> pipeline(List<Request> requests) {
    if (!connections.clustered() || requests.isEmpty()) {
      return redis.batch(requests);
    }
    return slotGroups(requests).compose(groups -> groups.size() == 1 ? redis.batch(requests) : pipelinePerSlot(requests, groups));
  }

  private Future<List<Response>> pipelinePerSlot(List<Request> requests, List<List<Integer>> groups) {
    List<Future<List<Response>>> batches = new ArrayList<>(groups.size());
    groups.forEach(group -> batches.add(redis.batch(SlotGroups.pick(requests, group))));
    return Future.all(batches).map(all -> {
      Response[] responses = new Response[requests.size()];
      for (int g = 0; g < groups.size(); g++) {
        List<Response> replies = all.resultAt(g);
        for (int i = 0; i < replies.size(); i++) {
          responses[groups.get(g).get(i)] = replies.get(i);
        }
      }
      return java.util.Arrays.asList(responses);
    });
  }

  /** All or nothing (MULTI/EXEC on one connection; on a cluster, per slot); the future fails if the transaction did. */
  public Future<Void> transaction(List<Request> requests) {
    if (!connections.clustered()) {
      return multiExec(requests, connections.waitReplicas());
    }
    return slotGroups(requests).compose(groups -> {
      Future<Void> done = Future.succeededFuture();
      for (List<Integer> group : groups) {
        done = done.compose(v -> multiExec(SlotGroups.pick(requests, group), 0));
      }
      return done;
    });
  }

  /** Fails (rather than throws) for a request whose own keys span slots: Redis Cluster would refuse it. */
  private static Future<List<List<Integer>>> slotGroups(List<Request> requests) {
    try {
      return Future.succeededFuture(SlotGroups.of(requests));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
  }

  private Future<Void> multiExec(List<Request> requests, int waitReplicas) {
    List<Request> all = new ArrayList<>(requests.size() + 3);
    all.add(Request.cmd(Command.MULTI));
    all.addAll(requests);
    all.add(Request.cmd(Command.EXEC));
    if (waitReplicas > 0) {
      all.add(Request.cmd(Command.WAIT).arg(waitReplicas).arg(connections.waitTimeoutMs()));
    }
    return redis.batch(all).compose(responses -> {
      Response exec = responses.get(requests.size() + 1);
      if (exec == null) {
        return Future.failedFuture("Redis transaction aborted");
      }
      if (waitReplicas > 0) {
        long confirmed = responses.get(responses.size() - 1).toLong();
        if (confirmed < waitReplicas) {
          return Future.failedFuture(new ReplicaWaitException(confirmed, waitReplicas, connections.waitTimeoutMs()));
        }
      }
      return Future.succeededFuture();
    });
  }

  /** A request that runs the named script ({@code /redis/NAME.lua}) by SHA. */
  public Request script(String name, List<String> keys, List<String> args) {
    Request request = Request.cmd(Command.EVALSHA).arg(sha(name)).arg(keys.size());
    keys.forEach(request::arg);
    args.forEach(request::arg);
    return request;
  }

  /** Runs a script; if Redis does not know it (NOSCRIPT after a restart), loads it and tries once more. */
  public Future<Response> runScript(String name, List<String> keys, List<String> args) {
    return redis.send(script(name, keys, args)).recover(error -> {
      if (isNoScript(error)) {
        return loadScripts().compose(v -> redis.send(script(name, keys, args)));
      }
      return Future.failedFuture(error);
    });
  }

  /** A pipeline of script calls; if Redis does not know them (NOSCRIPT after a restart), loads them and tries once more. */
  public Future<List<Response>> pipelineScripts(List<Request> requests) {
    return pipeline(requests).recover(error -> {
      if (isNoScript(error)) {
        return loadScripts().compose(v -> pipeline(requests));
      }
      return Future.failedFuture(error);
    });
  }

  /** Redis does not know a script; inside a pipeline the message reads e.g. {@code ERR [0] NOSCRIPT ...}. */
  private static boolean isNoScript(Throwable error) {
    return String.valueOf(error.getMessage()).contains("NOSCRIPT");
  }

  public Future<Void> loadScripts() {
    List<Future<Response>> loads = new java.util.ArrayList<>();
    for (String name : List.of("apply-receipts", "close-records", "note-record", "preempt-record", "take-resume",
        "acquire-lease", "release-lease", "login-attempt", "login-succeeded", "decide-alert", "audit-append",
        "claim-live", "release-live")) {
      loads.add(redis.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(source(name))));
    }
    return Future.all(loads).mapEmpty();
  }

  private String sha(String name) {
    return scriptShas.computeIfAbsent(name, n -> sha1Hex(source(n)));
  }

  private String source(String name) {
    return scriptSources.computeIfAbsent(name, n -> {
      try (InputStream in = RedisStore.class.getResourceAsStream("/redis/" + n + ".lua")) {
        if (in == null) {
          throw new IllegalStateException("missing script /redis/" + n + ".lua");
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private static String sha1Hex(String text) {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The items of an array reply (SMEMBERS, ZRANGE…) as strings. */
  public static List<String> toStrings(Response response) {
    List<String> items = new java.util.ArrayList<>(response.size());
    response.forEach(item -> items.add(item.toString()));
    return items;
  }

  /** A hash reply (HGETALL) as a map; we speak RESP2, so it is a flat array of field, value. */
  public static Map<String, String> toMap(Response response) {
    Map<String, String> map = new LinkedHashMap<>();
    if (response == null) {
      return map;
    }
    for (int i = 0; i + 1 < response.size(); i += 2) {
      map.put(response.get(i).toString(), response.get(i + 1).toString());
    }
    return map;
  }

  public void close() {
    redis.close();
  }
}
