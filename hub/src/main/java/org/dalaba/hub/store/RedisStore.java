package org.dalaba.hub.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hub's one Redis client (non-blocking, pooled) plus the few helpers every store needs: sending a
 * command, a pipeline, a MULTI/EXEC transaction, and running the Lua scripts under
 * {@code /redis/*.lua} by SHA (re-loading them if Redis restarted and forgot them).
 */
public final class RedisStore {
  private final Redis redis;
  private final Map<String, String> scriptSources = new ConcurrentHashMap<>();
  private final Map<String, String> scriptShas = new ConcurrentHashMap<>();

  public RedisStore(Vertx vertx, String url) {
    this.redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(url)
        .setPreferredProtocolVersion(io.vertx.redis.client.ProtocolVersion.RESP2).setMaxPoolSize(8).setMaxPoolWaiting(10_000).setMaxWaitingHandlers(100_000));
  }

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

  /** Pipelined: one round trip, not atomic. */
  public Future<List<Response>> pipeline(List<Request> requests) {
    return redis.batch(requests);
  }

  /** All or nothing (MULTI/EXEC on one connection); the future fails if the transaction did. */
  public Future<Void> transaction(List<Request> requests) {
    List<Request> all = new java.util.ArrayList<>(requests.size() + 2);
    all.add(Request.cmd(Command.MULTI));
    all.addAll(requests);
    all.add(Request.cmd(Command.EXEC));
    return redis.batch(all).compose(responses -> {
      Response exec = responses.get(responses.size() - 1);
      return exec == null ? Future.failedFuture("Redis transaction aborted") : Future.succeededFuture();
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
        "acquire-lease", "release-lease", "login-attempt", "login-succeeded")) {
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
