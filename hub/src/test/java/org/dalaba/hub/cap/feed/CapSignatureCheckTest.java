package org.dalaba.hub.cap.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Enveloped XML-DSig on CAP documents: what a feed with trusted certificates accepts and refuses. */
class CapSignatureCheckTest {
  static final TestSigning BUREAU = TestSigning.newIdentity("Tieling Meteorological Bureau");
  static final TestSigning STRANGER = TestSigning.newIdentity("Someone else");
  static final String DOC = TestCap.warning("qx-1", "Severe", "211282", "暴雪橙色预警");

  @Test
  void aDocumentSignedByATrustedCertificateIsVerified() throws Exception {
    assertEquals(CapSignatureCheck.Outcome.VERIFIED, CapSignatureCheck.check(BUREAU.sign(DOC), true, List.of(BUREAU.certificate())));
  }

  @Test
  void aDocumentChangedAfterSigningIsRefused() {
    String signed = new String(BUREAU.sign(DOC), StandardCharsets.UTF_8);
    byte[] tampered = signed.replace("暴雪橙色预警", "暴雪红色预警").getBytes(StandardCharsets.UTF_8);
    var refused = assertThrows(CapSignatureCheck.Refused.class, () -> CapSignatureCheck.check(tampered, true, List.of(BUREAU.certificate())));
    assertTrue(refused.getMessage().contains("does not match"), refused.getMessage());
  }

  @Test
  void anUnsignedDocumentIsRefusedWhenASignatureIsRequiredAndAcceptedOtherwise() throws Exception {
    byte[] plain = DOC.getBytes(StandardCharsets.UTF_8);
    var refused = assertThrows(CapSignatureCheck.Refused.class, () -> CapSignatureCheck.check(plain, true, List.of(BUREAU.certificate())));
    assertTrue(refused.getMessage().contains("not signed"), refused.getMessage());
    assertEquals(CapSignatureCheck.Outcome.UNSIGNED, CapSignatureCheck.check(plain, false, List.of(BUREAU.certificate())));
  }

  @Test
  void aDocumentSignedByAnUntrustedKeyIsRefused() {
    var refused = assertThrows(CapSignatureCheck.Refused.class,
        () -> CapSignatureCheck.check(STRANGER.sign(DOC), false, List.of(BUREAU.certificate())));
    assertTrue(refused.getMessage().contains("trusted"), refused.getMessage());
  }

  @Test
  void aSignatureOverAnotherReferenceThanTheWholeDocumentIsRefused() {
    // the reference made to point at a fragment: nothing but URI="" is ever dereferenced
    String signed = new String(BUREAU.sign(DOC), StandardCharsets.UTF_8).replace("URI=\"\"", "URI=\"#x\"");
    assertThrows(CapSignatureCheck.Refused.class,
        () -> CapSignatureCheck.check(signed.getBytes(StandardCharsets.UTF_8), true, List.of(BUREAU.certificate())));
  }

  @Test
  void aSignedDocumentWithADoctypeIsRefusedWithoutReadingIt() {
    String signed = new String(BUREAU.sign(DOC), StandardCharsets.UTF_8);
    String withDoctype = signed.replaceFirst("<alert", "<!DOCTYPE alert [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><alert");
    var refused = assertThrows(CapSignatureCheck.Refused.class,
        () -> CapSignatureCheck.check(withDoctype.getBytes(StandardCharsets.UTF_8), true, List.of(BUREAU.certificate())));
    assertTrue(refused.getMessage().contains("well-formed"), refused.getMessage());
  }
}
