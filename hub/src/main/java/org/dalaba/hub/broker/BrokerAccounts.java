package org.dalaba.hub.broker;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accounts the broker accepts, by username, with a {@link SecretHash} each. Consulted at every CONNECT on
 * HiveMQ's extension threads, never a Netty event loop: lookups are lock-free; the first CONNECT of an account
 * costs one PBKDF2 check, later ones with the same secret one SHA-256 (a cache of verified pairs, dropped when
 * the account changes), so a reconnect storm stays fast. Writers (provisioning, directory import) take a lock
 * among themselves.
 *
 * <p>Only high-entropy secrets belong here (see {@link SecretHash}): {@link #put} refuses a password shorter
 * than {@value #MIN_SECRET_CHARS} characters.
 */
public final class BrokerAccounts {
  /** {@link #newSecret()} gives 32; anything shorter than this is not a random token. */
  public static final int MIN_SECRET_CHARS = 16;
  private static final int SECRET_BYTES = 24;
  private static final Logger LOG = LoggerFactory.getLogger(BrokerAccounts.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Compared against when the username is unknown, so both paths cost one hash. */
  private static final Entry NOBODY = new Entry(Account.monitor("-"),
      new SecretHash(SecretHash.ITERATIONS, new byte[SecretHash.SALT_BYTES], new byte[SecretHash.HASH_BYTES]));

  private record Entry(Account account, SecretHash secret) {
  }

  /** A secret that passed the slow check for this entry, kept as SHA-256 only, in memory only. */
  private record Verified(Entry entry, byte[] digest) {
  }

  private final Map<String, Verified> verified = new ConcurrentHashMap<>();
  private volatile Map<String, Entry> byUsername = new ConcurrentHashMap<>();
  private final Object writeLock = new Object();
  private volatile Consumer<Set<String>> onRevoked = usernames -> { };

  /** A new endpoint secret: 24 random bytes (192 bits), URL-safe base64 without padding (32 characters). */
  public static String newSecret() {
    byte[] bytes = new byte[SECRET_BYTES];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Adds or replaces an account with a plaintext secret, hashed here. */
  public void put(Account account, String password) {
    Objects.requireNonNull(password, "password");
    if (password.length() < MIN_SECRET_CHARS) {
      throw new IllegalArgumentException("secret for " + account.username() + " is shorter than "
          + MIN_SECRET_CHARS + " characters; use BrokerAccounts.newSecret()");
    }
    putHashed(account, SecretHash.of(password));
  }

  /** Adds or replaces an account with a stored {@code $7$} hash. */
  public void putHashed(Account account, String encoded) {
    putHashed(account, SecretHash.parse(encoded));
  }

  public void putHashed(Account account, SecretHash secret) {
    Entry entry = entry(account, secret);
    Entry previous;
    synchronized (writeLock) {
      previous = byUsername.put(account.username(), entry);
    }
    if (previous != null && !previous.account().equals(account)) {
      onRevoked.accept(Set.of(account.username()));
    }
  }

  /**
   * Who is told the usernames whose rights were withdrawn or changed (removed, or an endpoint moved to another
   * village), so that their open connections can be closed: the broker fixes a connection's rights at CONNECT.
   * A new secret alone revokes nothing: it applies from the next CONNECT.
   */
  public void onRevoked(Consumer<Set<String>> listener) {
    this.onRevoked = listener;
  }

  /** Removes an account and has its open connections closed (see {@link #onRevoked}). */
  public void remove(String username) {
    Entry previous;
    synchronized (writeLock) {
      previous = byUsername.remove(username);
    }
    if (previous != null) {
      onRevoked.accept(Set.of(username));
    }
  }

  /**
   * Replaces every account at once (a directory re-import): a CONNECT sees either the old set or the new one,
   * never a mix. Validates everything before changing anything.
   */
  public void replaceAll(Map<Account, SecretHash> accounts) {
    Map<String, Entry> next = new ConcurrentHashMap<>(Math.max(16, accounts.size() * 2));
    accounts.forEach((account, secret) -> {
      if (next.put(account.username(), entry(account, secret)) != null) {
        throw new IllegalArgumentException("duplicate username " + account.username());
      }
    });
    Map<String, Entry> previous;
    synchronized (writeLock) {
      previous = byUsername;
      byUsername = next;
    }
    Set<String> revoked = new HashSet<>();
    previous.forEach((username, entry) -> {
      Entry now = next.get(username);
      if (now == null || !now.account().equals(entry.account())) {
        revoked.add(username);
      }
    });
    LOG.info("Broker accounts replaced: {} accounts, {} withdrawn or changed", next.size(), revoked.size());
    if (!revoked.isEmpty()) {
      onRevoked.accept(Set.copyOf(revoked));
    }
  }

  /**
   * The account whose username and secret these are, or empty. Constant-time in the secret; an unknown
   * username costs the same hash as a known one.
   */
  public Optional<Account> authenticate(String username, byte[] password) {
    if (username == null || password == null) {
      return Optional.empty();
    }
    Entry entry = byUsername.get(username);
    byte[] digest = sha256(password);
    Verified known = entry == null ? null : verified.get(username);
    if (known != null && known.entry() == entry && MessageDigest.isEqual(known.digest(), digest)) {
      return Optional.of(entry.account());
    }
    Entry checked = entry == null ? NOBODY : entry;
    boolean equal = checked.secret().matches(password);
    if (entry == null || !equal) {
      return Optional.empty();
    }
    verified.put(username, new Verified(entry, digest));
    return Optional.of(entry.account());
  }

  public Optional<Account> authenticate(String username, String password) {
    return authenticate(username, password == null ? null : password.getBytes(StandardCharsets.UTF_8));
  }

  public Optional<Account> find(String username) {
    Entry entry = username == null ? null : byUsername.get(username);
    return entry == null ? Optional.empty() : Optional.of(entry.account());
  }

  public boolean contains(String username) {
    return username != null && byUsername.containsKey(username);
  }

  public int size() {
    return byUsername.size();
  }

  private static Entry entry(Account account, SecretHash secret) {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(secret, "secret");
    requireUsable(account);
    return new Entry(account, secret);
  }

  private static byte[] sha256(byte[] password) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(password);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  private static void requireUsable(Account account) {
    Objects.requireNonNull(account.kind(), "account kind");
    if (!TopicPermissions.isValidId(account.username())) {
      throw new IllegalArgumentException("username must be 1-64 characters from A-Z a-z 0-9 - _ . : "
          + account.username());
    }
    if (account.kind() == Account.Kind.ENDPOINT) {
      if (!account.username().equals(account.endpointId())) {
        throw new IllegalArgumentException("an endpoint's username must be its endpoint id: " + account);
      }
      if (!TopicPermissions.isValidId(account.villageId()) || !TopicPermissions.isValidId(account.townshipId())) {
        throw new IllegalArgumentException("endpoint " + account.username() + " needs valid village and township ids");
      }
    }
  }
}
