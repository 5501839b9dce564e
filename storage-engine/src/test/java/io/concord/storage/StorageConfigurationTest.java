package io.concord.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StorageConfigurationTest
{
    @TempDir
    File dir;

    @Test
    void shouldRefuseNegativeFlushWriteRateNamingTheProperty()
    {
        final StorageConfiguration.Context ctx = new StorageConfiguration.Context().dir(dir)
            .flushMaxWriteBytesPerSec(-1);
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, ctx::conclude);
        assertTrue(ex.getMessage().contains(StorageConfiguration.FLUSH_MAX_WRITE_BYTES_PER_SEC_PROP_NAME),
            ex.getMessage());
    }

    @Test
    void shouldPaceFlushesByDefault()
    {
        assertEquals(StorageConfiguration.FLUSH_MAX_WRITE_BYTES_PER_SEC_DEFAULT,
            new StorageConfiguration.Context().dir(dir).conclude().flushMaxWriteBytesPerSec());
    }
}
