package org.dalaba.hub.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signature test vectors in docs/protocol-examples, checked as an implementer would: the JDK and,
 * when installed, {@code openssl pkeyutl -verify -rawin} with the recipe protocol.md gives; and the hub's
 * own signer produces exactly the documented signed command.
 */
class CommandSignatureVectorsTest {
  static final Path EXAMPLES = Path.of("..", "docs", "protocol-examples");
  static final String TOPIC = "dalaba/v1/cmd/village/211282105001";

  @TempDir
  Path temp;

  private static byte[] payload() throws Exception {
    String text = Files.readString(EXAMPLES.resolve("command-alert-signed.json"), StandardCharsets.UTF_8);
    return text.strip().getBytes(StandardCharsets.UTF_8);
  }

  private static CommandKey testKey() throws Exception {
    KeyFactory factory = KeyFactory.getInstance("Ed25519");
    String[] line = Files.readString(EXAMPLES.resolve("signing/test-key.txt")).strip().split(" ");
    CommandKey key = new CommandKey(line[0],
        factory.generatePrivate(new PKCS8EncodedKeySpec(CommandKeys.unpem(EXAMPLES.resolve("signing/test-key.key.pem")))),
        factory.generatePublic(new X509EncodedKeySpec(CommandKeys.unpem(EXAMPLES.resolve("signing/test-key.pub.pem")))));
    assertEquals(line[1], key.publicKeyBase64Url(), "test-key.txt holds the raw public key of test-key.pub.pem");
    return key;
  }

  @Test
  void theHubSignsTheAlertExampleExactlyAsDocumented() throws Exception {
    String unsigned = Files.readString(EXAMPLES.resolve("command-alert.json"), StandardCharsets.UTF_8).strip();
    byte[] signed = new CommandSigner(testKey()).sign(TOPIC, new JsonObject(unsigned));
    assertEquals(new String(payload(), StandardCharsets.UTF_8), new String(signed, StandardCharsets.UTF_8));
    JsonObject parsed = new JsonObject(new String(signed, StandardCharsets.UTF_8));
    assertEquals(testKey().kid(), parsed.getString("kid"));
    assertEquals(86, parsed.getString("sig").length());
  }

  @Test
  void theVectorVerifiesWithTheJdkFollowingTheDocumentedSteps() throws Exception {
    byte[] payload = payload();
    // steps of protocol.md: the last 96 bytes are the sig member; signed = topic \n payload-without-it }
    byte[] suffix = Arrays.copyOfRange(payload, payload.length - 96, payload.length);
    assertTrue(new String(suffix, StandardCharsets.US_ASCII).matches(",\"sig\":\"[A-Za-z0-9_-]{86}\"}"));
    CommandSignature.Parts parts = CommandSignature.split(TOPIC, payload);
    assertNotNull(parts);
    byte[] expected = (TOPIC + "\n" + new String(payload, 0, payload.length - 96, StandardCharsets.UTF_8) + "}")
        .getBytes(StandardCharsets.UTF_8);
    assertArrayEquals(expected, parts.signedBytes());
    assertTrue(verify(testKey(), parts));
  }

  @Test
  void aTamperedFieldAnotherTopicOrAMissingSignatureDoNotVerify() throws Exception {
    byte[] payload = payload();
    String text = new String(payload, StandardCharsets.UTF_8);
    byte[] tampered = text.replace("\"repeat\":3", "\"repeat\":9").getBytes(StandardCharsets.UTF_8);
    assertFalse(verify(testKey(), CommandSignature.split(TOPIC, tampered)));
    assertFalse(verify(testKey(), CommandSignature.split("dalaba/v1/cmd/all", payload)), "the topic is signed");
    assertNull(CommandSignature.split(TOPIC, Files.readString(EXAMPLES.resolve("command-alert.json")).strip()
        .getBytes(StandardCharsets.UTF_8)), "an unsigned command has no signature to check");
    assertNull(CommandSignature.split(TOPIC, (text + " ").getBytes(StandardCharsets.UTF_8)), "nothing may follow the sig member");
  }

  @Test
  void theVectorVerifiesWithOpensslUsingTheDocumentedRecipe() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
    // the shell recipe of protocol.md, "Command signatures", run as written
    String recipe = """
        TOPIC=dalaba/v1/cmd/village/211282105001
        P="$EXAMPLES/command-alert-signed.json"
        { printf '%s\\n' "$TOPIC"; head -c -97 "$P"; printf '}'; } > signed.bin
        tail -c 97 "$P" | head -c 94 | tail -c 86 | tr '_-' '/+' | sed 's/$/==/' | base64 -d > sig.bin
        openssl pkeyutl -verify -pubin -inkey "$EXAMPLES/signing/test-key.pub.pem" -rawin -in signed.bin -sigfile sig.bin
        """;
    assertTrue(Files.readString(Path.of("..", "docs", "protocol.md")).contains(
        recipe.replace("\"$EXAMPLES/command-alert-signed.json\"", "command-alert-signed.json")
            .replace("\"$EXAMPLES/signing/test-key.pub.pem\"", "signing/test-key.pub.pem")), "protocol.md gives this recipe");
    assertEquals("Signature Verified Successfully", run(recipe));
    // and openssl refuses the tampered command
    Path tampered = temp.resolve("tampered.json");
    Files.writeString(tampered, Files.readString(EXAMPLES.resolve("command-alert-signed.json")).replace("\"repeat\":3", "\"repeat\":9"));
    String out = run(recipe.replace("P=\"$EXAMPLES/command-alert-signed.json\"", "P=" + tampered.toAbsolutePath()));
    assertTrue(out.contains("Signature Verification Failure"), out);
  }

  private String run(String script) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(List.of("/bin/bash", "-c", script)).directory(temp.toFile()).redirectErrorStream(true);
    builder.environment().put("EXAMPLES", EXAMPLES.toAbsolutePath().normalize().toString());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), "openssl finished");
    return output;
  }

  private static boolean verify(CommandKey key, CommandSignature.Parts parts) throws Exception {
    if (parts == null) {
      return false;
    }
    Signature ed = Signature.getInstance("Ed25519");
    ed.initVerify(key.publicKey());
    ed.update(parts.signedBytes());
    return ed.verify(parts.signature());
  }

  @Test
  void keysAreMadeOnFirstStartPrivateAndAListedRotationKeepsTheOldOne(@TempDir Path dataDir) throws Exception {
    CommandKeys keys = new CommandKeys(dataDir);
    CommandKeys.Loaded first = keys.load("");
    Path privateFile = dataDir.resolve("credentials/command-keys/" + first.signing().kid() + ".key.pem");
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(privateFile)));
    assertEquals(first.signing().kid(), keys.load("").signing().kid(), "the same key after a restart");
    CommandKey next = keys.create();
    CommandKeys.Loaded both = keys.load("");
    assertEquals(2, both.keys().size());
    assertEquals(first.signing().kid(), both.signing().kid(), "a new key signs only once named in the configuration");
    assertEquals(next.kid(), keys.load(next.kid()).signing().kid());
    String list = Files.readString(keys.publicList());
    assertTrue(list.contains(first.signing().kid() + " " + first.signing().publicKeyBase64Url()), list);
    assertTrue(list.contains(next.kid() + " " + next.publicKeyBase64Url()), list);
  }
}
