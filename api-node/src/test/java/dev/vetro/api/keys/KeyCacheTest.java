package dev.vetro.api.keys;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.api.cache.Invalidations;
import org.junit.jupiter.api.Test;

class KeyCacheTest {

    @Test
    void aLookupThatWasInFlightDuringRevocationDoesNotBringTheKeyBack() {
        KeyCache cache = new KeyCache();
        cache.revoked("h");
        cache.valid("h", "key-1", "ws-1", 1_000); // the entity vouched before the revocation landed
        assertInstanceOf(KeyCache.Revoked.class, cache.get("h"));
    }

    @Test
    void aRevocationBroadcastFromAnotherNodeReplacesAValidEntry() {
        KeyCache cache = new KeyCache();
        cache.valid("h", "key-1", "ws-1", 1_000);
        cache.onInvalidation(new Invalidations.KeyRevoked("h"));
        assertInstanceOf(KeyCache.Revoked.class, cache.get("h"));
    }

    @Test
    void anUnknownKeyIsForgottenButARevokedMarkStays() {
        KeyCache cache = new KeyCache();
        cache.valid("a", "key-1", "ws-1", 1_000);
        cache.unknown("a");
        assertNull(cache.get("a"));
        cache.revoked("b");
        cache.unknown("b");
        assertInstanceOf(KeyCache.Revoked.class, cache.get("b"));
    }

    @Test
    void useIsReportedToTheEntityAtMostOncePerInterval() {
        KeyCache cache = new KeyCache();
        cache.valid("h", "key-1", "ws-1", 10_000);
        KeyCache.Valid v = (KeyCache.Valid) cache.get("h");
        assertFalse(v.claimReport(10_500));
        assertTrue(v.claimReport(10_000 + KeyCache.REPORT_USE_MILLIS));
        assertFalse(v.claimReport(10_000 + KeyCache.REPORT_USE_MILLIS + 1));
    }
}
