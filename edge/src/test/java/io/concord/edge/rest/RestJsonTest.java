package io.concord.edge.rest;

import org.agrona.collections.LongArrayList;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RestJsonTest
{
    @Test
    void timestampsLookLikeDiscords()
    {
        assertEquals("2017-07-11T17:27:07.299000+00:00", RestJson.timestamp(1_499_794_027_299L));
        assertEquals("2016-04-30T11:18:25.796000+00:00",
            RestJson.timestamp(RestJson.timestampMsOf(175928847299117063L)), "Discord's documented snowflake");
        assertEquals("2015-01-01T00:00:00.000000+00:00", RestJson.timestamp(RestJson.DISCORD_EPOCH_MS));
        assertEquals("2024-02-29T23:59:59.999000+00:00", RestJson.timestamp(1_709_251_199_999L));
    }

    @Test
    void timestampsAgreeWithJavaTimeOverCenturies()
    {
        final DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'000+00:00'")
            .withZone(ZoneOffset.UTC);
        for (long ms = 0; ms < 4_102_444_800_000L; ms += 86_399_999L * 7 + 12_345)
        {
            assertEquals(format.format(Instant.ofEpochMilli(ms)), RestJson.timestamp(ms), Long.toString(ms));
        }
    }

    @Test
    void mentionsAreParsedOnceInOrder()
    {
        final LongArrayList users = new LongArrayList();
        final LongArrayList roles = new LongArrayList();
        RestJson.parseMentions("hi <@12> <@!34> <@&56> <@12> <@x> <@ 7> <@99999999999999999999999> <@&56><@78",
            users, roles);
        assertEquals(2, users.size());
        assertEquals(12, users.getLong(0));
        assertEquals(34, users.getLong(1));
        assertEquals(1, roles.size());
        assertEquals(56, roles.getLong(0));
    }
}
