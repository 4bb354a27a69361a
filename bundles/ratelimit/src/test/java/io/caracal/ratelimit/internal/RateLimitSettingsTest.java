package io.caracal.ratelimit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import io.caracal.api.config.ConfigException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateLimitSettingsTest {

    private static final String FILE = "file:/opt/caracal/conf/caracal/io.caracal.filter.ratelimit-api.cfg";

    private static Map<String, Object> config(String... keyValues) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("felix.fileinstall.filename", FILE);
        properties.put("name", "api");
        properties.put("requests", "100");
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] == null) {
                properties.remove(keyValues[i]);
            } else {
                properties.put(keyValues[i], keyValues[i + 1]);
            }
        }
        return properties;
    }

    @Test
    void defaults() {
        RateLimitSettings settings = RateLimitSettings.parse(config());
        assertEquals("api", settings.name());
        assertEquals(new Limits(100, 1, 100), settings.limits(), "period 1 s, burst = requests");
        assertEquals(new RequestKey.ClientIp(), settings.key());
        assertEquals(100_000, settings.maxKeys());
        assertTrue(settings.headers());
    }

    @Test
    void everyKeyParsed() {
        RateLimitSettings settings = RateLimitSettings.parse(config("requests", "100", "period.s", "60",
                "burst", "20", "key", "header:X-Api-Key", "max.keys", "500", "headers", "false"));
        assertEquals(new Limits(100, 60, 20), settings.limits());
        assertEquals(new RequestKey.Header("X-Api-Key"), settings.key());
        assertEquals(500, settings.maxKeys());
        assertFalse(settings.headers());
        assertEquals(new RequestKey.Claim("sub"), RateLimitSettings.parse(config("key", "claim:sub")).key());
        assertEquals(new RequestKey.Route(), RateLimitSettings.parse(config("key", "route")).key());
        assertEquals(new RequestKey.ClientIpAndRoute(), RateLimitSettings.parse(config("key", "IP+Route")).key());
    }

    @Test
    void valuesFromConfigFilesAndTheConsoleAlike() {
        Map<String, Object> typed = config();
        typed.put("requests", 5);
        typed.put("headers", Boolean.FALSE);
        RateLimitSettings settings = RateLimitSettings.parse(typed);
        assertEquals(5, settings.limits().requests());
        assertFalse(settings.headers());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "requests | 0        | 0 is outside 1..",
            "requests | ten      | 'ten' is not a whole number",
            "burst    | -1       | -1 is outside 1..",
            "period.s | 0        | 0 is outside 1..86400",
            "key      | bogus    | 'bogus' is not ip, header:<Name>, claim:<name>, route or ip+route",
            "key      | header:  | needs a header name",
            "key      | header:a b | needs a header name",
            "key      | claim:   | needs a claim name",
            "max.keys | 0        | 0 is outside 1..",
            "headers  | maybe    | 'maybe' is not true or false",
            "name     | a,b      | must not contain commas" })
    void badValuesNameFileAndKey(String key, String value, String problem) {
        ConfigException e = assertThrows(ConfigException.class, () -> RateLimitSettings.parse(config(key, value)));
        assertEquals(key, e.key());
        assertEquals("/opt/caracal/conf/caracal/io.caracal.filter.ratelimit-api.cfg", e.source());
        assertTrue(e.getMessage().contains("key '" + key + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @Test
    void requestsAndNameAreRequired() {
        assertEquals("requests", assertThrows(ConfigException.class,
                () -> RateLimitSettings.parse(config("requests", null))).key());
        assertEquals("name", assertThrows(ConfigException.class,
                () -> RateLimitSettings.parse(config("name", null))).key());
    }

    @Test
    void sameBucketsOnlyWhenLimitsKeyAndSizeAgree() {
        RateLimitSettings base = RateLimitSettings.parse(config());
        assertTrue(base.sameBuckets(RateLimitSettings.parse(config("name", "other", "headers", "false"))));
        assertTrue(base.sameBuckets(RateLimitSettings.parse(config("burst", "100", "period.s", "1"))));
        assertFalse(base.sameBuckets(RateLimitSettings.parse(config("burst", "10"))));
        assertFalse(base.sameBuckets(RateLimitSettings.parse(config("key", "route"))));
        assertFalse(base.sameBuckets(RateLimitSettings.parse(config("max.keys", "10"))));
        assertFalse(base.sameBuckets(null));
    }
}
