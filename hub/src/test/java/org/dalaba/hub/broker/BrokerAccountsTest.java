package org.dalaba.hub.broker;

import static org.dalaba.hub.broker.BrokerFixtures.EP_A;
import static org.dalaba.hub.broker.BrokerFixtures.EP_B;
import static org.dalaba.hub.broker.BrokerFixtures.HUB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BrokerAccountsTest {
  private final BrokerAccounts accounts = new BrokerAccounts();

  @Test
  void rightSecretAuthenticatesWrongOrUnknownDoesNot() {
    // GIVEN an endpoint with a fresh secret
    String secret = BrokerAccounts.newSecret();
    accounts.put(EP_A, secret);
    // THEN its secret works, nothing else does
    assertEquals(Optional.of(EP_A), accounts.authenticate(EP_A.username(), secret));
    assertEquals(Optional.empty(), accounts.authenticate(EP_A.username(), secret + "x"));
    assertEquals(Optional.empty(), accounts.authenticate(EP_A.username(), secret.substring(1)));
    assertEquals(Optional.empty(), accounts.authenticate(EP_A.username(), ""));
    assertEquals(Optional.empty(), accounts.authenticate(EP_A.username(), (String) null));
    assertEquals(Optional.empty(), accounts.authenticate(EP_B.username(), secret));
    assertEquals(Optional.empty(), accounts.authenticate(null, secret));
  }

  @Test
  void newSecretsAreLongUrlSafeAndDifferent() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      String secret = BrokerAccounts.newSecret();
      assertEquals(32, secret.length());
      assertTrue(secret.matches("[A-Za-z0-9_-]{32}"), secret);
      assertEquals(24, Base64.getUrlDecoder().decode(secret).length);
      assertTrue(seen.add(secret));
    }
  }

  @Test
  void storedHashesAuthenticateAfterReload() {
    // GIVEN a hash the hub stored (e.g. in Redis) for a secret
    String secret = BrokerAccounts.newSecret();
    SecretHash stored = SecretHash.of(secret);
    // WHEN a new registry loads it
    accounts.putHashed(EP_A, stored.encoded());
    // THEN the secret works (twice: the second time from the cache of verified pairs), a wrong one does not,
    // and the hash is the $7$ PBKDF2-SHA512 line mosquitto_passwd writes
    assertEquals(Optional.of(EP_A), accounts.authenticate(EP_A.username(), secret));
    assertEquals(Optional.of(EP_A), accounts.authenticate(EP_A.username(), secret));
    assertEquals(Optional.empty(), accounts.authenticate(EP_A.username(), secret + "x"));
    assertTrue(stored.encoded().matches("\\$7\\$101\\$[A-Za-z0-9+/]{16}\\$[A-Za-z0-9+/]{86}=="), stored.encoded());
    assertEquals(stored.encoded(), SecretHash.of(stored.salt(), secret.getBytes(StandardCharsets.UTF_8), 101).encoded());
    assertNotEquals(stored.encoded(), SecretHash.of(secret).encoded(), "a fresh salt every time");
  }

  @Test
  void badStoredHashesAndShortSecretsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> accounts.putHashed(EP_A, "$7$101$not base64!$AAAA"));
    assertThrows(IllegalArgumentException.class, () -> accounts.putHashed(EP_A, "$7$101$AAAAAAAAAAAAAAAA$AAAA"));
    assertThrows(IllegalArgumentException.class, () -> accounts.putHashed(EP_A, "plain-secret-not-a-hash"));
    assertThrows(IllegalArgumentException.class, () -> accounts.put(EP_A, "short"));
    assertThrows(IllegalArgumentException.class, () -> accounts.put(Account.hub("bad user"), BrokerAccounts.newSecret()));
    assertThrows(IllegalArgumentException.class,
        () -> accounts.put(new Account(Account.Kind.ENDPOINT, "x", "y", "v", "t"), BrokerAccounts.newSecret()));
    assertThrows(IllegalArgumentException.class,
        () -> accounts.put(Account.endpoint("211282105001-01", "+", "211282105"), BrokerAccounts.newSecret()));
    assertEquals(0, accounts.size());
  }

  @Test
  void removeAndReplaceAll() {
    // GIVEN two accounts
    String secretA = BrokerAccounts.newSecret();
    String secretB = BrokerAccounts.newSecret();
    accounts.put(EP_A, secretA);
    accounts.put(EP_B, secretB);
    // WHEN A is removed THEN only B remains
    accounts.remove(EP_A.username());
    assertFalse(accounts.contains(EP_A.username()));
    assertEquals(Optional.empty(), accounts.authenticate(EP_A.username(), secretA));
    assertEquals(Optional.of(EP_B), accounts.authenticate(EP_B.username(), secretB));
    // WHEN the directory is re-imported with the hub and A only THEN B is gone
    String hubSecret = BrokerAccounts.newSecret();
    Map<Account, SecretHash> imported = new LinkedHashMap<>();
    imported.put(HUB, SecretHash.of(hubSecret));
    imported.put(EP_A, SecretHash.of(secretA));
    accounts.replaceAll(imported);
    assertEquals(2, accounts.size());
    assertEquals(Optional.of(HUB), accounts.authenticate("hub", hubSecret));
    assertEquals(Optional.of(EP_A), accounts.authenticate(EP_A.username(), secretA));
    assertEquals(Optional.empty(), accounts.find(EP_B.username()));
  }

  @Test
  void replaceAllWithABadEntryChangesNothing() {
    String secret = BrokerAccounts.newSecret();
    accounts.put(EP_A, secret);
    Map<Account, SecretHash> imported = new LinkedHashMap<>();
    imported.put(EP_B, SecretHash.of(BrokerAccounts.newSecret()));
    imported.put(Account.hub("bad/name"), SecretHash.of(BrokerAccounts.newSecret()));
    assertThrows(IllegalArgumentException.class, () -> accounts.replaceAll(imported));
    assertEquals(Optional.of(EP_A), accounts.authenticate(EP_A.username(), secret));
    assertFalse(accounts.contains(EP_B.username()));
  }

  @Test
  void concurrentConnectsWhileTheDirectoryChanges() throws Exception {
    // GIVEN 1,000 endpoints
    Map<Account, String> secrets = new LinkedHashMap<>();
    for (int i = 0; i < 1_000; i++) {
      String village = String.format("211282105%03d", i);
      Account endpoint = Account.endpoint(village + "-01", village, "211282105");
      secrets.put(endpoint, BrokerAccounts.newSecret());
    }
    secrets.forEach(accounts::put);
    // WHEN 4 threads authenticate all of them while a writer re-imports and removes unrelated accounts
    ExecutorService pool = Executors.newFixedThreadPool(5);
    try {
      List<CompletableFuture<Integer>> readers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        readers.add(CompletableFuture.supplyAsync(() -> {
          int ok = 0;
          for (Map.Entry<Account, String> entry : secrets.entrySet()) {
            ok += accounts.authenticate(entry.getKey().username(), entry.getValue()).isPresent() ? 1 : 0;
          }
          return ok;
        }, pool));
      }
      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
        for (int i = 0; i < 200; i++) {
          accounts.put(Account.monitor("monitor-" + i), BrokerAccounts.newSecret());
          accounts.remove("monitor-" + i);
        }
      }, pool);
      writer.get(20, TimeUnit.SECONDS);
      // THEN every endpoint authenticated every time
      for (CompletableFuture<Integer> reader : readers) {
        assertEquals(1_000, reader.get(20, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aReconnectStormAuthenticatesEveryoneAndPrintsTheRate() {
    // GIVEN 10,000 endpoints (a 10,000-village county reconnecting at ~1,000/s)
    Map<String, String> secrets = new LinkedHashMap<>();
    for (int i = 0; i < 10_000; i++) {
      String village = String.format("2112821%05d", i);
      Account endpoint = Account.endpoint(village + "-01", village, "211282105");
      String secret = BrokerAccounts.newSecret();
      accounts.put(endpoint, secret);
      secrets.put(endpoint.username(), secret);
    }
    // WHEN all of them authenticate, once after a restart (each pays PBKDF2) and once more (cached pairs)
    for (String round : List.of("cold (PBKDF2 each)", "warm (verified-pair cache)")) {
      long start = System.nanoTime();
      secrets.forEach((user, secret) -> assertTrue(accounts.authenticate(user, secret).isPresent()));
      double seconds = (System.nanoTime() - start) / 1e9;
      // a figure, not an assertion: the machine's load decides it (docs/operations.md gives measured ones)
      System.out.printf("BENCHMARK broker authentication, %s: 10,000 in %.2f s = %.0f per second on one thread%n",
          round, seconds, 10_000 / seconds);
    }
  }

  @Test
  void secretHashHidesItselfInLogs() {
    assertFalse(SecretHash.of(BrokerAccounts.newSecret()).toString().contains("="));
  }

  @Test
  void withdrawnAndChangedAccountsAreReportedForDisconnectionUnchangedOnesAndNewSecretsAreNot() {
    List<Set<String>> revoked = new ArrayList<>();
    accounts.onRevoked(revoked::add);
    Account moved = Account.endpoint(EP_B.username(), "211282105099", EP_B.townshipId());
    Map<Account, SecretHash> first = new LinkedHashMap<>();
    first.put(HUB, SecretHash.of(BrokerAccounts.newSecret()));
    first.put(EP_A, SecretHash.of(BrokerAccounts.newSecret()));
    first.put(EP_B, SecretHash.of(BrokerAccounts.newSecret()));
    accounts.replaceAll(first);
    assertTrue(revoked.isEmpty(), "nothing existed before");
    // WHEN a re-import keeps the hub with a new secret, drops A and moves B to another village
    Map<Account, SecretHash> second = new LinkedHashMap<>();
    second.put(HUB, SecretHash.of(BrokerAccounts.newSecret()));
    second.put(moved, SecretHash.of(BrokerAccounts.newSecret()));
    accounts.replaceAll(second);
    // THEN A and B are reported, the hub is not
    assertEquals(List.of(Set.of(EP_A.username(), EP_B.username())), revoked);
    // AND single changes are reported too
    accounts.put(EP_B, BrokerAccounts.newSecret());
    accounts.remove(HUB.username());
    accounts.remove("nobody");
    assertEquals(List.of(Set.of(EP_A.username(), EP_B.username()), Set.of(EP_B.username()), Set.of(HUB.username())),
        revoked);
  }
}
