package dev.vetro.api.decisions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.api.http.ApiException;
import dev.vetro.api.http.ErrorCode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecisionFilterTest {

  @Test
  void cursorRoundTripsItsPosition() {
    DecisionFilter.Cursor c = new DecisionFilter.Cursor(1_700_000_000_123L, "batch:7");
    DecisionFilter f = DecisionFilter.parse(Map.of("cursor", c.encode()));
    assertEquals(c, f.cursor().orElseThrow());
  }

  @Test
  void parsesIsoAndEpochTimesAndNormalisesDecision() {
    DecisionFilter f =
        DecisionFilter.parse(
            Map.of("from", "2025-01-31T12:00:00Z", "to", "1738329000000", "decision", "blocked"));
    assertEquals(1738324800000L, f.from().orElseThrow());
    assertEquals(1738329000000L, f.to().orElseThrow());
    assertEquals("BLOCKED", f.decision().orElseThrow());
    assertEquals(DecisionFilter.DEFAULT_LIMIT, f.limit());
  }

  @Test
  void badParametersAreNamedInTheError() {
    for (Map<String, String> bad :
        new Map[] {
          Map.of("limit", "0"),
          Map.of("limit", "501"),
          Map.of("rule", "x'--"),
          Map.of("fingerprint", "XYZ"),
          Map.of("cursor", "!!"),
          Map.of("from", "yesterday"),
          Map.of("decision", "NO")
        }) {
      ApiException e = assertThrows(ApiException.class, () -> DecisionFilter.parse(bad));
      assertEquals(ErrorCode.INVALID_FIELD, e.code());
      String param = bad.keySet().iterator().next();
      assertTrue(e.getMessage().contains(param), e.getMessage());
    }
  }
}
