package org.fairmq.transport.zeromq;

import java.nio.ByteBuffer;
import org.bytedeco.javacpp.BytePointer;

/** Native addresses of direct buffers. */
final class NativeBuffers {
    private NativeBuffers() {}

    /** The address of {@code buffer}'s first byte (its position 0). */
    static long address(ByteBuffer buffer) {
        try (BytePointer pointer = new BytePointer(buffer)) {
            return pointer.address();
        }
    }
}
