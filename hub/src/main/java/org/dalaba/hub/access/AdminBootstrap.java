package org.dalaba.hub.access;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.security.SecureRandom;
import org.dalaba.hub.api.UserStore;
import org.dalaba.hub.store.RedisStore;

/**
 * On the very first start, creates the {@code admin} user with the password from
 * {@code HUB_ADMIN_PASSWORD}, or a generated one that is printed once and never again.
 */
public final class AdminBootstrap {
  static final String ADMIN = "admin";
  private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";

  private final UserStore users;
  private final PrintStream out;

  public AdminBootstrap(Vertx vertx, RedisStore redis, PrintStream out) {
    this.users = new UserStore(vertx, redis);
    this.out = out;
  }

  public Future<Void> ensureAdmin(String passwordFromEnvironment) {
    return users.exists(ADMIN).compose(exists -> {
      if (exists) {
        return users.remember(ADMIN); // listed even if made before the user list existed
      }
      boolean generated = passwordFromEnvironment == null || passwordFromEnvironment.isEmpty();
      String password = generated ? generate() : passwordFromEnvironment;
      var refusal = org.dalaba.hub.access.PasswordPolicy.check(ADMIN, password);
      if (refusal.isPresent()) {
        return Future.failedFuture(new IllegalArgumentException("HUB_ADMIN_PASSWORD is refused: it " + refusal.get().en()
            + " (管理员密码" + refusal.get().zh() + "). Choose a stronger one, or leave it unset to have one generated"));
      }
      return users.createIfAbsent(ADMIN, password, "admin").map(created -> {
        if (created && generated) {
          out.println("Created user 'admin' with password: " + password + "   (shown only this once; set HUB_ADMIN_PASSWORD to choose it)");
        } else if (created) {
          out.println("Created user 'admin' with the password from HUB_ADMIN_PASSWORD");
        }
        return null;
      });
    });
  }

  private static String generate() {
    SecureRandom random = new SecureRandom();
    StringBuilder password = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return password.toString();
  }
}
