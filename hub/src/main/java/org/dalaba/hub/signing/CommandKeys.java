package org.dalaba.hub.signing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The hub's command-signing keys under {@code dataDir/credentials/command-keys/}: {@code {kid}.key.pem}
 * (PKCS#8, owner-only) and {@code {kid}.pub.pem} (X.509 SubjectPublicKeyInfo) per key, and
 * {@code credentials/hub-keys.txt}, the public keys endpoints are given, one {@code kid base64url} line
 * each. The first start makes one key; {@link #create} makes the next one for a rotation. Key ids sort
 * in the order they were made. Blocking: call on a worker or at start-up.
 */
public final class CommandKeys {
  /** Key ids follow the protocol's id rule, kept short. */
  public static final String KID_PATTERN = "[A-Za-z0-9._-]{1,32}";
  public static final String PUBLIC_LIST = "hub-keys.txt";
  private static final DateTimeFormatter KID_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path credentialsDir;
  private final Path dir;

  public CommandKeys(Path dataDir) {
    this.credentialsDir = dataDir.resolve("credentials");
    this.dir = credentialsDir.resolve("command-keys");
  }

  /**
   * Loads every key, making the first if there is none, and rewrites the public list.
   *
   * @param signingKid the key to sign with; blank = the oldest key (a new key signs only once named)
   */
  public Loaded load(String signingKid) throws IOException {
    List<CommandKey> keys = readAll();
    if (keys.isEmpty()) {
      keys = List.of(create());
    }
    CommandKey signing = signingKid == null || signingKid.isBlank() ? keys.get(0)
        : keys.stream().filter(k -> k.kid().equals(signingKid)).findFirst().orElseThrow(() -> new IOException(
            "no command-signing key " + signingKid + " under " + dir + " (commands.signingKeyId)"));
    writePublicList(keys);
    return new Loaded(signing, keys);
  }

  /** Makes a new key pair (the next one of a rotation) and adds it to the public list; returns it. */
  public CommandKey create() throws IOException {
    Files.createDirectories(dir);
    private0700(credentialsDir);
    private0700(dir);
    KeyPair pair;
    try {
      pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is part of every Java 17 platform", e);
    }
    byte[] suffix = new byte[2];
    RANDOM.nextBytes(suffix);
    // time, then a sequence number (two keys in one second still sort in order), then random (two hubs)
    String kid = String.format("hub-%s-%02d%s", KID_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)), readAll().size() % 100,
        HexFormat.of().formatHex(suffix));
    writePrivate(dir.resolve(kid + ".key.pem"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
    writePrivate(dir.resolve(kid + ".pub.pem"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    CommandKey key = new CommandKey(kid, pair.getPrivate(), pair.getPublic());
    List<CommandKey> all = readAll();
    writePublicList(all);
    return key;
  }

  public Path publicList() {
    return credentialsDir.resolve(PUBLIC_LIST);
  }

  /** The keys, oldest first. */
  private List<CommandKey> readAll() throws IOException {
    List<CommandKey> keys = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return keys;
    }
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.key.pem")) {
      stream.forEach(files::add);
    }
    files.sort(null);
    for (Path file : files) {
      String name = file.getFileName().toString();
      String kid = name.substring(0, name.length() - ".key.pem".length());
      if (!kid.matches(KID_PATTERN)) {
        throw new IOException("unexpected file name " + file + ": a key id is 1-32 of A-Z a-z 0-9 . _ -");
      }
      keys.add(read(kid, file, dir.resolve(kid + ".pub.pem")));
    }
    return keys;
  }

  private static CommandKey read(String kid, Path privateFile, Path publicFile) throws IOException {
    try {
      KeyFactory factory = KeyFactory.getInstance("Ed25519");
      PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(unpem(privateFile)));
      PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(unpem(publicFile)));
      return new CommandKey(kid, privateKey, publicKey);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException("cannot read the command-signing key " + kid + " (" + privateFile + "): " + e.getMessage(), e);
    }
  }

  private void writePublicList(List<CommandKey> keys) throws IOException {
    StringBuilder text = new StringBuilder("# Dalaba hub command-signing public keys: key id, Ed25519 public key (base64url,"
        + " 32 bytes). Give every line to every endpoint (docs/protocol.md, \"Command signatures\").\n");
    keys.forEach(k -> text.append(k.kid()).append(' ').append(k.publicKeyBase64Url()).append('\n'));
    Path target = publicList();
    Path temp = target.resolveSibling(PUBLIC_LIST + ".tmp");
    Files.writeString(temp, text, StandardCharsets.UTF_8);
    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  static byte[] unpem(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    return Base64.getMimeDecoder().decode(text.replaceAll("-----[A-Z ]+-----", ""));
  }

  private static void writePrivate(Path target, String content) throws IOException {
    Path temp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.deleteIfExists(temp);
    Files.createFile(temp);
    try {
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not POSIX: rely on the directory's permissions
    }
    Files.writeString(temp, content, StandardCharsets.US_ASCII);
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void private0700(Path directory) throws IOException {
    try {
      Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
    } catch (UnsupportedOperationException e) {
      // not POSIX
    }
  }

  /** @param keys every key, oldest first: endpoints should trust all of them during a rotation */
  public record Loaded(CommandKey signing, List<CommandKey> keys) {
    /** Key id → 32-byte public key, oldest first: what endpoints are given. */
    public java.util.Map<String, byte[]> publicKeys() {
      java.util.Map<String, byte[]> out = new java.util.LinkedHashMap<>();
      keys.forEach(k -> out.put(k.kid(), k.publicKeyRaw()));
      return out;
    }

    public Optional<CommandKey> byKid(String kid) {
      return keys.stream().filter(k -> k.kid().equals(kid)).findFirst();
    }
  }
}
