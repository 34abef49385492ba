package org.dalaba.hub.broker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the password file and ACL file of an external Mosquitto 2.0 broker so that it accepts exactly the
 * accounts of {@link BrokerAccounts} with exactly the rights of {@link TopicPermissions}.
 *
 * <p>Password lines are what {@code mosquitto_passwd} writes by default:
 * {@code username:$7$101$<salt>$<hash>}, PBKDF2-HMAC-SHA512 over the UTF-8 password with 101 iterations,
 * a 12-byte random salt and a 64-byte hash, both standard base64 with padding.
 *
 * <p>What Mosquitto 2.0.11 does with these files differs from the embedded broker where files cannot say more
 * (observed in {@code MosquittoFilesIT}):
 * <ul>
 *   <li>bad or unknown credentials get CONNACK 5 "not authorized" on MQTT 3.1.1, not 4;</li>
 *   <li>client ids are not tied to usernames: an endpoint can connect with another endpoint's client id and
 *       take its session over;</li>
 *   <li>SUBSCRIBE is never refused (the ACL file is only applied when a message is delivered): a subscription
 *       to another village's topic, a wildcard or {@code $share/...} is granted, and only the messages the
 *       account may read reach it. So a monitor can join the hub's shared-subscription group and take
 *       messages away from the hub: with Mosquitto, the hub must not use shared subscriptions while a
 *       monitor account exists;</li>
 *   <li>a refused PUBLISH (or last will) is dropped silently, PUBACK included; the connection stays open;</li>
 *   <li>the hub account gets {@code dalaba/#} rather than every topic.</li>
 * </ul>
 * Mosquitto started as root reads the files after switching to its {@code user} (default {@code mosquitto}):
 * give that user read access (the files are written 0640). Send Mosquitto a SIGHUP after rewriting them.
 */
public final class MosquittoFiles {
  /** A plaintext secret for one account, only on its way into a hashed file. */
  public record Credential(Account account, String password) {
    public Credential {
      Objects.requireNonNull(account, "account");
      Objects.requireNonNull(password, "password");
    }

    /** An account whose stored hash is written as it is. */
    public static Credential ofHash(Account account, SecretHash hash) {
      return new Credential(account, hash.encoded());
    }

    @Override
    public String toString() {
      return "Credential[" + account.username() + ", password hidden]";
    }
  }

  static final int ITERATIONS = SecretHash.ITERATIONS;
  static final int SALT_BYTES = SecretHash.SALT_BYTES;
  private static final Set<PosixFilePermission> MODE_0640 = PosixFilePermissions.fromString("rw-r-----");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Logger LOG = LoggerFactory.getLogger(MosquittoFiles.class);

  private final TopicPermissions permissions;

  public MosquittoFiles(TopicPermissions permissions) {
    this.permissions = Objects.requireNonNull(permissions, "permissions");
  }

  /**
   * Writes both files, each atomically (a temporary file in the same directory, then a move) with mode 0640:
   * give the file's group to the user Mosquitto runs as. Blocking file I/O and one PBKDF2 per account
   * (~0.1 ms each): run it on a worker thread.
   */
  public void write(Collection<Credential> credentials, Path passwordFile, Path aclFile) throws IOException {
    List<Credential> sorted = sortedUnique(credentials);
    writeAtomically(passwordFile, passwordFileText(sorted));
    writeAtomically(aclFile, aclFileText(sorted.stream().map(Credential::account).toList()));
    LOG.info("Wrote Mosquitto password file {} and ACL file {} for {} accounts", passwordFile, aclFile,
        sorted.size());
  }

  /** The password file's contents, one {@code username:$7$...} line per account. */
  public String passwordFileText(Collection<Credential> credentials) {
    StringBuilder text = new StringBuilder();
    for (Credential credential : sortedUnique(credentials)) {
      // a stored hash goes in as it is (Credential.ofHash); a secret is hashed here
      String password = credential.password();
      text.append(credential.account().username()).append(':')
          .append(SecretHash.isEncoded(password) ? password : passwordHash(password)).append('\n');
    }
    return text.toString();
  }

  /** The ACL file's contents: a {@code user} block per account with the topics {@link TopicPermissions} allows. */
  public String aclFileText(Collection<Account> accounts) {
    StringBuilder text = new StringBuilder()
        .append("# Written by Dalaba from TopicPermissions (docs/protocol.md, \"Permissions\"); edits are overwritten.\n")
        .append("# No lines before the first 'user': anonymous clients get nothing.\n");
    List<Account> sorted = new ArrayList<>(accounts);
    sorted.sort(Comparator.comparing(Account::username));
    for (Account account : sorted) {
      requireUsable(account);
      text.append('\n').append("user ").append(account.username()).append('\n');
      for (String line : topicLines(account)) {
        text.append(line).append('\n');
      }
    }
    return text.toString();
  }

  private List<String> topicLines(Account account) {
    List<String> lines = new ArrayList<>();
    switch (account.kind()) {
      case HUB -> lines.add("topic readwrite " + BrokerTopics.NAMESPACE_FILTER);
      case MONITOR -> lines.add("topic read " + BrokerTopics.ALL_FILTER);
      case ENDPOINT -> {
        permissions.subscriptionsOf(account).forEach(topic -> lines.add("topic read " + topic));
        permissions.publicationsOf(account).forEach(topic -> lines.add("topic write " + topic));
      }
      default -> throw new IllegalArgumentException("unknown account kind " + account.kind());
    }
    return lines;
  }

  /** {@code $7$101$<salt>$<hash>} for a password, with a fresh 12-byte salt (what {@code mosquitto_passwd} writes). */
  public static String passwordHash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return passwordHash(password, salt, ITERATIONS);
  }

  static String passwordHash(String password, byte[] salt, int iterations) {
    return SecretHash.of(salt, password.getBytes(StandardCharsets.UTF_8), iterations).encoded();
  }

  /**
   * A minimal {@code mosquitto.conf} for these files: one listener, no anonymous clients, client ids of up
   * to 64 characters plus a suffix. For docs and tests; production adds persistence, logging and TLS.
   */
  public static String mosquittoConf(int port, Path passwordFile, Path aclFile) {
    return """
        # Dalaba: external Mosquitto 2.0 with the files written by MosquittoFiles
        per_listener_settings false
        allow_anonymous false
        allow_zero_length_clientid false
        password_file %s
        acl_file %s
        listener %d
        max_packet_size %d
        """.formatted(passwordFile.toAbsolutePath(), aclFile.toAbsolutePath(), port,
        HiveMqConfigFile.MAX_PACKET_SIZE_BYTES);
  }

  static List<Credential> sortedUnique(Collection<Credential> credentials) {
    List<Credential> sorted = new ArrayList<>(credentials);
    sorted.sort(Comparator.comparing(c -> c.account().username()));
    Set<String> seen = new HashSet<>();
    for (Credential credential : sorted) {
      requireUsable(credential.account());
      if (!seen.add(credential.account().username())) {
        throw new IllegalArgumentException("duplicate username " + credential.account().username());
      }
    }
    return sorted;
  }

  /** A username that is safe in both files: no ':' or white space (the protocol's id characters only). */
  private static void requireUsable(Account account) {
    if (!TopicPermissions.isValidId(account.username())) {
      throw new IllegalArgumentException("username must be 1-64 characters from A-Z a-z 0-9 - _ . : "
          + account.username());
    }
  }

  static void writeAtomically(Path target, String text) throws IOException {
    writeAtomically(target, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes {@code bytes} through a temporary file in the same directory and a move, with mode 0640. */
  static void writeAtomically(Path target, byte[] bytes) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    Path temp = posix
        ? Files.createTempFile(dir, target.getFileName().toString(), ".tmp", PosixFilePermissions.asFileAttribute(MODE_0640))
        : Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
    try {
      if (posix) {
        Files.setPosixFilePermissions(temp, MODE_0640); // whatever the umask took away
      }
      Files.write(temp, bytes);
      try {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
