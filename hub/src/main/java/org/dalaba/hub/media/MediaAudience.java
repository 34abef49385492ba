package org.dalaba.hub.media;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.directory.Endpoint;
import org.dalaba.hub.protocol.Topics;
import org.dalaba.hub.store.Keys;
import org.dalaba.hub.store.RedisStore;

/**
 * Which endpoints may fetch a media file: those a command naming it was sent to. When a command is
 * created, the topics it goes to are added to the file's audience in Redis (before it is published);
 * a fetch checks the endpoint's village, township and id against that set. The sets are cached here,
 * so 10,000 endpoints fetching one file cost one Redis read; a set only grows, so a cached set that
 * refuses is read again before the refusal stands.
 */
public final class MediaAudience {
  private static final int CACHED_FILES = 512;

  private final RedisStore redis;
  private final Supplier<Directory> directory;
  private final Map<String, Set<String>> cache = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Set<String>> eldest) {
      return size() > CACHED_FILES;
    }
  };

  public MediaAudience(RedisStore redis, Supplier<Directory> directory) {
    this.redis = redis;
    this.directory = directory;
  }

  /** The writes that let whoever receives {@code topics} fetch {@code sha256}; put them in the command's transaction. */
  public static List<Request> grantWrites(String sha256, Collection<String> topics) {
    List<Request> writes = new ArrayList<>();
    if (!topics.isEmpty()) {
      Request add = Request.cmd(Command.SADD).arg(Keys.mediaAudience(sha256));
      topics.forEach(t -> add.arg(member(t)));
      writes.add(add);
    }
    return writes;
  }

  /**
   * The grants for every file a command names ({@code media} as one reference or a list, and each of its
   * {@code items}' {@code media}) to whoever receives {@code topics}.
   */
  public static List<Request> grantWrites(io.vertx.core.json.JsonObject command, Collection<String> topics) {
    Set<String> shas = new java.util.LinkedHashSet<>();
    collect(command.getValue("media"), shas);
    if (command.getValue("items") instanceof io.vertx.core.json.JsonArray items) {
      items.forEach(item -> {
        if (item instanceof io.vertx.core.json.JsonObject o) {
          collect(o.getValue("media"), shas);
        }
      });
    }
    List<Request> writes = new ArrayList<>();
    shas.forEach(sha -> writes.addAll(grantWrites(sha, topics)));
    return writes;
  }

  private static void collect(Object media, Set<String> shas) {
    if (media instanceof io.vertx.core.json.JsonObject ref && ref.getValue("sha256") instanceof String sha) {
      shas.add(sha);
    } else if (media instanceof io.vertx.core.json.JsonArray refs) {
      refs.forEach(r -> collect(r, shas));
    }
  }

  public Future<Void> grant(String sha256, Collection<String> topics) {
    return redis.transaction(grantWrites(sha256, topics));
  }

  /** Whether the endpoint was sent a command naming the file. Runs on the caller's context. */
  public Future<Boolean> allows(String sha256, String endpointId) {
    Endpoint endpoint = directory.get().endpoint(endpointId).orElse(null);
    if (endpoint == null) {
      return Future.succeededFuture(false);
    }
    Set<String> cached;
    synchronized (cache) {
      cached = cache.get(sha256);
    }
    if (cached != null && admits(cached, endpoint)) {
      return Future.succeededFuture(true);
    }
    return redis.send(Command.SMEMBERS, Keys.mediaAudience(sha256)).map(r -> {
      Set<String> members = new HashSet<>();
      r.forEach(m -> members.add(m.toString()));
      synchronized (cache) {
        cache.put(sha256, members);
      }
      return admits(members, endpoint);
    });
  }

  private static boolean admits(Set<String> members, Endpoint e) {
    return members.contains("all") || members.contains("t:" + e.townshipId()) || members.contains("v:" + e.villageId())
        || members.contains("e:" + e.id());
  }

  /** {@code dalaba/v1/cmd/township/211282105} → {@code t:211282105}, and so on. */
  static String member(String topic) {
    if (topic.equals(Topics.CMD_ALL)) {
      return "all";
    }
    String rest = topic.substring(topic.indexOf("/cmd/") + 5);
    int slash = rest.indexOf('/');
    String kind = rest.substring(0, slash);
    String id = rest.substring(slash + 1);
    return switch (kind) {
      case "township" -> "t:" + id;
      case "village" -> "v:" + id;
      case "endpoint" -> "e:" + id;
      default -> throw new IllegalArgumentException("not a command topic: " + topic);
    };
  }
}
