package org.dalaba.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Command signatures (docs/protocol.md, "Command signatures") as an endpoint given the document's test
 * key sees them, against a real Mosquitto: signed per the document it plays, anything else it answers
 * {@code failed BAD_SIGNATURE} without playing or remembering the id.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SignedCommandsIT extends HubFleetTestSupport {
  private static final AtomicInteger TOWNSHIPS = new AtomicInteger(300);

  SignedCommandsIT() {
    super(TOWNSHIPS);
  }

  private static final String KID = "hub-20251125000000-test";

  private static PrivateKey testKey() throws Exception {
    String pem = Fixtures.example("signing/test-key.key.pem").toString(StandardCharsets.US_ASCII);
    byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
  }

  /** Signs the way protocol.md says the hub does: kid, then sig last, over topic \n payload-without-sig. */
  private static Buffer signed(String topic, JsonObject command, PrivateKey key) throws Exception {
    String body = command.copy().put("kid", KID).encode();
    Signature ed = Signature.getInstance("Ed25519");
    ed.initSign(key);
    ed.update((topic + "\n" + body).getBytes(StandardCharsets.UTF_8));
    String sig = Base64.getUrlEncoder().withoutPadding().encodeToString(ed.sign());
    return Buffer.buffer(body.substring(0, body.length() - 1) + ",\"sig\":\"" + sig + "\"}");
  }

  @Test
  void aSignedCommandPlaysAndAnUnsignedOrTamperedOneIsRefusedWithoutTakingItsId() throws Exception {
    HubKeys keys = HubKeys.parse(List.of(Fixtures.example("signing/test-key.txt").toString(StandardCharsets.UTF_8)
        .strip()), "test-key.txt");
    SimEndpoint endpoint = startFleet(broker.fleetOptions().timeScale(0.001).hubKeys(keys), 1).get(0);
    String topic = Topics.cmdTownship(township);
    JsonObject alert = Fixtures.command("alert");
    String id = alert.getString("id");

    // WHEN the same alert comes unsigned, then signed for another topic, then with a changed field
    hub.publish(topic, alert);
    hub.awaitReceipt(id, "failed");
    hub.publish(topic, signed(Topics.CMD_ALL, alert, testKey()));
    String tampered = signed(topic, alert, testKey()).toString(StandardCharsets.UTF_8).replace("\"repeat\":3", "\"repeat\":9");
    hub.publish(topic, Buffer.buffer(tampered));
    // THEN each is refused with BAD_SIGNATURE and nothing plays
    Await.until("three refusals", java.time.Duration.ofSeconds(10), () -> endpoint.refusedSignatures() == 3);
    assertTrue(hub.receipts(id).stream().allMatch(r -> "BAD_SIGNATURE".equals(r.getString("reason"))), hub.receipts(id).toString());
    assertEquals(0, endpoint.playLog().size());

    // AND the genuine signed command with that id still plays
    hub.publish(topic, signed(topic, alert, testKey()));
    hub.awaitReceipt(id, "finished");
    assertEquals(1, endpoint.playLog().size());
  }

  @Test
  void theDocumentsSignedVectorVerifies() throws Exception {
    HubKeys keys = HubKeys.parse(List.of(Fixtures.example("signing/test-key.txt").toString(StandardCharsets.UTF_8)
        .strip()), "test-key.txt");
    CommandVerifier verifier = new CommandVerifier(keys);
    byte[] payload = Fixtures.example("command-alert-signed.json").toString(StandardCharsets.UTF_8).strip()
        .getBytes(StandardCharsets.UTF_8);
    assertEquals(null, verifier.problem("dalaba/v1/cmd/village/211282105001", payload, KID));
    assertEquals("signature does not match", verifier.problem("dalaba/v1/cmd/all", payload, KID));
    assertEquals("unknown key id other", verifier.problem("dalaba/v1/cmd/village/211282105001", payload, "other"));
  }
}
