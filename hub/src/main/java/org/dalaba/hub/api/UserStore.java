package org.dalaba.hub.api;

import com.password4j.Password;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.dalaba.hub.access.Role;
import org.dalaba.hub.access.Scope;
import org.dalaba.hub.access.User;
import org.dalaba.hub.store.Keys;
import org.dalaba.hub.store.RedisStore;

/**
 * Operator accounts in Redis (one hash per user, and the set of usernames), passwords hashed with
 * argon2id (password4j). Hashing is deliberately slow, so it runs on a worker thread, never on the
 * event loop. Accounts made before roles had scopes read as county-wide.
 */
public final class UserStore {
  private final Vertx vertx;
  private final RedisStore redis;

  public UserStore(Vertx vertx, RedisStore redis) {
    this.vertx = vertx;
    this.redis = redis;
  }

  public Future<Boolean> exists(String username) {
    return redis.send(Command.EXISTS, Keys.user(username)).map(r -> r.toInteger() == 1);
  }

  /** Creates the user only if absent (HSETNX on the hash field), so two hubs starting together agree. */
  public Future<Boolean> createIfAbsent(String username, String password, String role) {
    return createIfAbsent(new User(username, "", Role.parse(role), Scope.COUNTY, System.currentTimeMillis()), password);
  }

  /** @return false (and changes nothing) if the username is taken */
  public Future<Boolean> createIfAbsent(User user, String password) {
    return hash(password)
        .compose(hash -> redis.send(Command.HSETNX, Keys.user(user.username()), "hash", hash).map(r -> r.toInteger() == 1))
        .compose(created -> !created ? Future.succeededFuture(false)
            : redis.pipeline(List.of(
                Request.cmd(Command.HSET).arg(Keys.user(user.username())).arg("role").arg(user.role().wire)
                    .arg("scope").arg(user.scope().stored()).arg("displayName").arg(user.displayName())
                    .arg("createdAt").arg(user.createdAt()),
                Request.cmd(Command.SADD).arg(Keys.USERS).arg(user.username()))).map(true));
    // pipelined, not MULTI: the keys lie in different Redis Cluster slots; HSETNX above already decided
  }

  /** Lists a user created before the user set existed (the first admin of an older data directory). */
  public Future<Void> remember(String username) {
    return redis.send(Command.SADD, Keys.USERS, username).mapEmpty();
  }

  /** @return false if there is no such user */
  public Future<Boolean> update(String username, Role role, Scope scope, String displayName) {
    return exists(username).compose(exists -> !exists ? Future.succeededFuture(false)
        : redis.send(Command.HSET, Keys.user(username), "role", role.wire, "scope", scope.stored(), "displayName", displayName)
            .map(true));
  }

  public Future<Boolean> setPassword(String username, String password) {
    return exists(username).compose(exists -> !exists ? Future.succeededFuture(false)
        : hash(password).compose(hash -> redis.send(Command.HSET, Keys.user(username), "hash", hash)).map(true));
  }

  public Future<Boolean> delete(String username) {
    return redis.send(Command.DEL, Keys.user(username)).compose(r -> redis.send(Command.SREM, Keys.USERS, username)
        .map(r.toInteger() == 1));
  }

  /** @return the user, or null */
  public Future<User> find(String username) {
    return redis.send(Command.HGETALL, Keys.user(username)).map(r -> toUser(username, RedisStore.toMap(r)));
  }

  public Future<List<User>> list() {
    return redis.send(Command.SMEMBERS, Keys.USERS).compose(r -> {
      List<Future<User>> found = new ArrayList<>();
      r.forEach(name -> found.add(find(name.toString())));
      return Future.all(found).map(all -> {
        List<User> users = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
          if (all.resultAt(i) != null) {
            users.add(all.resultAt(i));
          }
        }
        users.sort(Comparator.comparing(User::username));
        return users;
      });
    });
  }

  /** @return the user if the password is right, else null */
  public Future<User> verify(String username, String password) {
    return redis.send(Command.HGETALL, Keys.user(username)).compose(r -> {
      Map<String, String> user = RedisStore.toMap(r);
      String hash = user.get("hash");
      if (hash == null) {
        // same cost as a real check, so response time does not reveal which usernames exist
        return hash(password).map(ignored -> null);
      }
      return vertx.executeBlocking(() -> Password.check(password, hash).withArgon2() ? toUser(username, user) : null, false);
    });
  }

  private Future<String> hash(String password) {
    return vertx.executeBlocking(() -> Password.hash(password).addRandomSalt().withArgon2().getResult(), false);
  }

  private static User toUser(String username, Map<String, String> fields) {
    if (fields.get("hash") == null) {
      return null;
    }
    Role role = Role.parse(fields.getOrDefault("role", Role.ADMIN.wire));
    Scope scope = Scope.parse(fields.getOrDefault("scope", "county"));
    if (role == null || scope == null) {
      return null; // a damaged record grants nothing
    }
    return new User(username, fields.getOrDefault("displayName", ""), role, scope,
        Long.parseLong(fields.getOrDefault("createdAt", "0")));
  }
}
