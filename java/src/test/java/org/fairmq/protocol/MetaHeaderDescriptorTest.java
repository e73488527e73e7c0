package org.fairmq.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class MetaHeaderDescriptorTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void shouldEncodeTheObservedFramesOfSection31() {
        assertArrayEquals(hex("1000000000000000 0000000000000000 8001000000000000 0000000000000000"),
                MetaHeaderDescriptor.encode(16, 0, 384));
        assertArrayEquals(hex("4000000000000000 0200000000000000 0010000000000000 0000000000000000"),
                MetaHeaderDescriptor.encode(64, 2, 4096));
        assertArrayEquals(hex("0000000000000000 0000000000000000 5001000000000000 0000000000000000"),
                MetaHeaderDescriptor.encode(0, 0, 336));
    }

    @Test
    void shouldDecodeFields() {
        ByteBuffer frame = ByteBuffer.wrap(MetaHeaderDescriptor.encode(64, 2, 4096));
        assertEquals(64, MetaHeaderDescriptor.size(frame));
        assertEquals(2, MetaHeaderDescriptor.regionId(frame));
        assertEquals(4096, MetaHeaderDescriptor.handle(frame));
    }

    @Test
    void shouldNameTheLengthOfAMalformedFrame() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MetaHeaderDescriptor.checkLength(7));
        assertEquals("malformed shmem metadata frame: length=7, expected=32 (or 0 for an empty message)", e.getMessage());
    }
}
