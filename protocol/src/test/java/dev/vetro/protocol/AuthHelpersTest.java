package dev.vetro.protocol;

import static dev.vetro.protocol.Wire.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.protocol.backend.AuthenticationSasl;
import dev.vetro.protocol.backend.ErrorResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthHelpersTest {

  @Test
  void withoutPlusDropsChannelBindingMechanismsAndKeepsOrder() {
    AuthenticationSasl offer =
        new AuthenticationSasl(List.of("SCRAM-SHA-256-PLUS", "SCRAM-SHA-256"));
    assertEquals(
        new AuthenticationSasl(List.of("SCRAM-SHA-256")), SaslMechanisms.withoutPlus(offer));
    AuthenticationSasl future =
        new AuthenticationSasl(List.of("SCRAM-SHA-512-PLUS", "SCRAM-SHA-512", "SCRAM-SHA-256"));
    assertEquals(
        List.of("SCRAM-SHA-512", "SCRAM-SHA-256"), SaslMechanisms.withoutPlus(future).mechanisms());
    AuthenticationSasl plain = new AuthenticationSasl(List.of("SCRAM-SHA-256"));
    assertEquals(plain, SaslMechanisms.withoutPlus(plain));
  }

  @Test
  void gs2HeaderReadsEachChannelBindingFlag() {
    Gs2Header n = Gs2Header.parse(text("n,,n=,r=rOprNGfwEbeRWgbNEkqO"));
    assertEquals('n', n.flag());
    assertFalse(n.clientSupportsChannelBinding());
    Gs2Header y = Gs2Header.parse(text("y,,n=,r=abc"));
    assertEquals('y', y.flag());
    assertTrue(y.clientSupportsChannelBinding());
    Gs2Header p = Gs2Header.parse(text("p=tls-server-end-point,,n=,r=abc"));
    assertEquals(new Gs2Header('p', "tls-server-end-point", null), p);
    assertEquals("admin", Gs2Header.parse(text("n,a=admin,n=,r=abc")).authzid());
    assertNull(n.channelBindingName());
  }

  @Test
  void malformedGs2HeadersAreProtocolViolations() {
    for (String bad :
        List.of(
            "", "n", "n,", "x,,n=,r=a", "p,,n=,r=a", "p=,,n=,r=a", "n,z=1,n=,r=a", "yes,,n=,r=a")) {
      ProtocolException e =
          assertThrows(ProtocolException.class, () -> Gs2Header.parse(text(bad)), bad);
      assertEquals("08P01", e.sqlState());
      assertTrue(e.getMessage().startsWith("malformed SCRAM client-first-message"), e.getMessage());
    }
    assertThrows(ProtocolException.class, () -> Gs2Header.parse(null));
  }

  @Test
  void errorResponsesAreFatalWithTheRightSqlState() {
    ErrorResponse v =
        ErrorResponses.protocolViolation(
            "frontend message 'Q' declares length 3, below the minimum of 4");
    assertEquals("FATAL", v.severity());
    assertEquals("08P01", v.sqlState());
    assertEquals("54000", ErrorResponses.tooLarge("too big").sqlState());
    ErrorResponse fromException =
        ErrorResponses.fatal(ProtocolException.tooLarge("message 'Q' too large"));
    assertEquals("54000", fromException.sqlState());
    assertEquals("message 'Q' too large", fromException.message());
    ErrorResponse tls = ErrorResponses.tlsRequired();
    assertEquals("FATAL", tls.severity());
    assertEquals("28000", tls.sqlState());
    assertTrue(tls.hint().contains("sslmode=require"));
  }
}
